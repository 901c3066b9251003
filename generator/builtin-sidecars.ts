// LiveKit's grants ship with the plugin: the sidecars of proto/ (`<stem>.api.json`, the files
// this repository generates its own package from) are read once and merged by service, so that
// a user who generates from LiveKit's own protocol repository needs no sidecar of their own for
// `livekit.*` services (nor for the RPCs that ring). A user's sidecar for a file takes precedence over these.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { DescFile } from "@bufbuild/protobuf";
import { GeneratorError } from "./errors.js";
import { templatesDir } from "./render.js";
import type { Sidecar } from "./sidecar.js";
import { pluginVersion } from "./version.js";

/** The package whose services the built-in grants cover. */
const livekitPackage = "livekit";

const sidecarDir = join(dirname(templatesDir), "proto");

interface BuiltIn {
  /** Service name -> its `grants` entry, with the sidecar it comes from. */
  readonly grants: ReadonlyMap<string, { readonly rpcs: unknown; readonly from: string }>;
  /** Message name (without package) -> its `required` entry. */
  readonly required: ReadonlyMap<string, unknown>;
  /** Service name -> its `ringing` entry. */
  readonly ringing: ReadonlyMap<string, unknown>;
}

let builtIn: BuiltIn | undefined;

function loadBuiltIn(): BuiltIn {
  const grants = new Map<string, { rpcs: unknown; from: string }>();
  const required = new Map<string, unknown>();
  const ringing = new Map<string, unknown>();
  for (const name of readdirSync(sidecarDir)
    .filter((n) => n.endsWith(".api.json"))
    .sort()) {
    const data = JSON.parse(readFileSync(join(sidecarDir, name), "utf8")) as {
      grants?: Record<string, unknown>;
      required?: Record<string, unknown>;
      ringing?: Record<string, unknown>;
    };
    for (const [service, rpcs] of Object.entries(data.grants ?? {})) grants.set(service, { rpcs, from: name });
    for (const [message, rules] of Object.entries(data.required ?? {})) required.set(message, rules);
    for (const [service, rpcs] of Object.entries(data.ringing ?? {})) ringing.set(service, rpcs);
  }
  return { grants, required, ringing };
}

/**
 * The built-in sidecar of a proto file of package `livekit` that declares services, holding the
 * grants of its services and the required fields of its messages; undefined for other files. A
 * `livekit` service the plugin knows no grants for is an error that names the fix: a client
 * that silently signed no grant would fail only at run time.
 */
export function builtInSidecar(file: DescFile): Sidecar | undefined {
  if (file.proto.package !== livekitPackage || file.services.length === 0) return undefined;
  builtIn ??= loadBuiltIn();
  const grants: Record<string, unknown> = {};
  const ringing: Record<string, unknown> = {};
  const sources = new Set<string>();
  for (const service of file.services) {
    const known = builtIn.grants.get(service.typeName);
    if (known === undefined) {
      throw new GeneratorError(
        file.proto.name,
        `service ${service.typeName}`,
        `protoc-gen-livekit v${pluginVersion} knows no token grants for this LiveKit service: give them in a sidecar ` +
          `(option sidecar_dir=<folder> with <folder>/${file.name}.api.json holding a "grants" section), or upgrade the plugin`,
      );
    }
    grants[service.typeName] = known.rpcs;
    const rings = builtIn.ringing.get(service.typeName);
    if (rings !== undefined) ringing[service.typeName] = rings;
    sources.add(known.from);
  }
  const messages = new Set(file.messages.map((m) => m.name));
  const required = Object.fromEntries([...builtIn.required].filter(([message]) => messages.has(message.split(".")[0]!)));
  return { path: `protoc-gen-livekit's built-in grants (proto/${[...sources].join(", proto/")})`, grants, required, ringing };
}
