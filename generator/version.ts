// The plugin's version (its package.json, found beside templates/), and the range of the runtime
// package that the code it generates needs: they are released together, so `^<version>`.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { templatesDir } from "./render.js";

export const pluginVersion: string = (JSON.parse(readFileSync(join(dirname(templatesDir), "package.json"), "utf8")) as { version: string })
  .version;

export const runtimeRange = `^${pluginVersion}`;
