// Facts about a proto file that the .proto itself does not carry (LiveKit's token grants per
// RPC, required request fields) live in a sidecar file beside it, so that they survive
// replacing the .proto with a newer LiveKit release: `<sidecar_dir>/<stem>.api.json`.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { DescFile } from "@bufbuild/protobuf";
import { GeneratorError } from "./errors.js";

export interface Sidecar {
  /** The sidecar's path, for error messages. */
  readonly path: string;
  /** The `grants` section, checked by the code that reads it; undefined when absent. */
  readonly grants: unknown;
  /** The `required` section, checked by the code that reads it; undefined when absent. */
  readonly required: unknown;
  /** The `ringing` section (RPCs that wait while a phone rings), checked by the code that reads it; undefined when absent. */
  readonly ringing: unknown;
}

const sections = new Set(["$comment", "grants", "required", "ringing"]);

/**
 * Fails when option `sidecar_dir` names no folder: a mistyped path would otherwise drop every
 * grant and required rule without a word.
 */
export function checkSidecarDir(dir: string | undefined): void {
  if (dir === undefined) return;
  const absolute = resolve(dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    throw new GeneratorError(dir, "option sidecar_dir", `no such folder (${absolute}); the path is relative to the folder buf runs in`);
  }
}

/**
 * The sidecar of a proto file, or undefined when there is none (or no sidecar_dir). The plugin
 * reads it once per proto file and hands it to every concern.
 */
export function loadSidecar(dir: string | undefined, file: DescFile): Sidecar | undefined {
  if (dir === undefined) return undefined;
  const path = join(dir, `${file.name}.api.json`);
  if (!existsSync(path)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new GeneratorError(path, "sidecar", `not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new GeneratorError(path, "sidecar", "expected a JSON object");
  }
  for (const key of Object.keys(data)) {
    if (!sections.has(key)) {
      throw new GeneratorError(
        path,
        `section "${key}"`,
        `unknown section (known: ${[...sections].join(", ")}); sidecar of ${file.proto.name}`,
      );
    }
  }
  const record = data as Record<string, unknown>;
  return { path, grants: record["grants"], required: record["required"], ringing: record["ringing"] };
}
