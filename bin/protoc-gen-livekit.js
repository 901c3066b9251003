#!/usr/bin/env node
import "../build/generator/main.js";
