// Entry point of protoc-gen-livekit: read a CodeGeneratorRequest on stdin, answer on stdout.
import { runNodeJs } from "@bufbuild/protoplugin";
import { plugin } from "./plugin.js";

runNodeJs(plugin);
