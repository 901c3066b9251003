// The index (option index=true): one `index.ts` per folder of proto files, re-exporting the
// folder's modules (protoc-gen-es's `_pb` and ours) and the runtime's public API. A name that
// two of them export is a generation error naming both, never a TypeScript error later.
import type { DescEnum, DescFile, DescMessage, DescService } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import type { GeneratedFile } from "@bufbuild/protoplugin";
import { GeneratorError } from "../../errors.js";
import type { Concern } from "../../options.js";
import { enumsInOrder } from "../../model/context.js";
import { messagesInOrder } from "../../model/messages.js";
import { concernExports, exportName, runtimeModule, type FileScope, type RuntimeSubpath } from "../../model/names.js";

/** One name the index re-exports. */
export interface IndexExport {
  readonly name: string;
  /** The module, relative to the output root: `./dir/x_json.js`. */
  readonly from: string;
  readonly typeOnly: boolean;
  /** What the name is, for error messages: `JSON codec of livekit.Room`. */
  readonly what: string;
  /** The proto file it comes from; undefined for the runtime. */
  readonly protoFile: string | undefined;
}

/**
 * The runtime's public API, per entry point: what the index re-exports (the rest is for the
 * generated code only). A name some entry points share (TwirpError) is re-exported once.
 * test/integration/generator/index.test.ts checks each name against the runtime package.
 */
export const runtimePublicApi: Readonly<Record<RuntimeSubpath, { readonly values: readonly string[]; readonly types: readonly string[] }>> =
  {
    enums: { values: ["EnumValueError"], types: ["EnumTable", "EnumValueInfo"] },
    json: {
      values: ["JsonDecodeError", "JsonEncodeError"],
      types: ["MessageJson", "JsonReadOptions", "MessageJsonReader", "MessageJsonWriter", "JsonWriteOptions"],
    },
    livekit: {
      values: [
        "livekitAuth",
        "grantAllows",
        "TokenVerifier",
        "TokenError",
        "AccessToken",
        "AccessTokenError",
        "WebhookReceiver",
        "WebhookError",
        "signWebhook",
      ],
      types: [
        "KeyAuth",
        "LiveKitAuthOptions",
        "VerifiedToken",
        "AccessTokenOptions",
        "VideoGrant",
        "SIPGrant",
        "WebhookErrorReason",
        "WebhookReceiverOptions",
      ],
    },
    twirp: {
      values: ["TwirpError", "fetchTransport"],
      types: [
        "ClientOptions",
        "CallOptions",
        "Interceptor",
        "TwirpCall",
        "TwirpHandler",
        "TokenAuth",
        "TokenCall",
        "GrantClaims",
        "Transport",
        "TransportRequest",
        "TransportResponse",
        "RetryOptions",
        "TwirpErrorCode",
      ],
    },
    "twirp/server": {
      values: ["TwirpError", "combineHandlers", "PlainTextError", "nodeHandler"],
      types: [
        "TwirpErrorCode",
        "ServerOptions",
        "ServerContext",
        "ServerAuth",
        "ServerHandler",
        "ServerJsonOptions",
        "CallInfo",
        "RequestHeaders",
        "GrantClaims",
        "ServerCore",
        "IncomingCall",
        "Reply",
        "NodeRequest",
        "NodeResponse",
      ],
    },
    zod: { values: [], types: [] },
  };

/** The folder of a proto file's outputs: `""` for the root. */
export function indexFolder(file: DescFile): string {
  const slash = file.name.lastIndexOf("/");
  return slash < 0 ? "" : file.name.slice(0, slash);
}

/** The index file of a folder: `dir/index.ts`. */
export function indexFileName(folder: string): string {
  return folder === "" ? "index.ts" : `${folder}/index.ts`;
}

/** protoc-gen-es's exports for a proto file (`_pb`), with the names protoplugin gives them. */
export function pbExports(file: DescFile, f: GeneratedFile): IndexExport[] {
  const fileSymbol = f.importSchema(file);
  const out: IndexExport[] = [
    { name: fileSymbol.name, from: fileSymbol.from, typeOnly: false, what: "file descriptor", protoFile: file.proto.name },
  ];
  for (const desc of nestedTypes(file)) {
    const schema = f.importSchema(desc);
    out.push({ name: schema.name, from: schema.from, typeOnly: false, what: `schema of ${desc.typeName}`, protoFile: file.proto.name });
    if (desc.kind === "message" || desc.kind === "enum") {
      const shape = f.importShape(desc);
      const typeOnly = desc.kind === "message";
      out.push({ name: shape.name, from: shape.from, typeOnly, what: `${desc.kind} ${desc.typeName}`, protoFile: file.proto.name });
    }
  }
  return out;
}

/**
 * The exports of one generated concern file, read from its text (the templates write each
 * export at the start of a line: `export const X`), described with the concernExports table.
 */
export function concernFileExports(file: DescFile, concern: Concern, from: string, text: string): IndexExport[] {
  const whatOf = describeExports(file, concern);
  const out: IndexExport[] = [];
  for (const [, kind, name] of text.matchAll(/^export (?:declare )?(const|let|function|class|interface|type|enum) ([A-Za-z_$][\w$]*)/gm)) {
    if (name === undefined) continue;
    const typeOnly = kind === "interface" || kind === "type";
    out.push({ name, from, typeOnly, what: whatOf.get(name) ?? `${concern} export`, protoFile: file.proto.name });
  }
  return out;
}

function describeExports(file: DescFile, concern: Concern): Map<string, string> {
  const typesOf: Record<"enum" | "message" | "service", () => readonly (DescEnum | DescMessage | DescService)[]> = {
    enum: () => enumsInOrder(file),
    message: () => messagesInOrder(file),
    service: () => file.services,
  };
  const { of, suffix, what, also } = concernExports[concern];
  const names = new Map<string, string>();
  for (const kind of [{ of, suffix, what }, ...also]) {
    const prefix = "prefix" in kind ? kind.prefix : "";
    for (const desc of typesOf[kind.of]()) names.set(prefix + exportName(desc, kind.suffix), `${kind.what} of ${desc.typeName}`);
  }
  return names;
}

/** The runtime's public API from some of its entry points, each name once. */
export function runtimeExports(subpaths: Iterable<RuntimeSubpath>): IndexExport[] {
  const out = new Map<string, IndexExport>();
  for (const subpath of subpaths) {
    const { values, types } = runtimePublicApi[subpath];
    const from = runtimeModule(subpath);
    const what = `runtime ${subpath}`;
    for (const name of values) if (!out.has(name)) out.set(name, { name, from, typeOnly: false, what, protoFile: undefined });
    for (const name of types) if (!out.has(name)) out.set(name, { name, from, typeOnly: true, what, protoFile: undefined });
  }
  return [...out.values()];
}

export interface IndexModel {
  /** One line per module: `export { A, B }` and `export type { C }`, as import tokens. */
  readonly modules: readonly { readonly values: readonly string[]; readonly types: readonly string[] }[];
}

/** The index of one folder; fails when two modules would export the same name. */
export function indexModel(scope: FileScope, exports: readonly IndexExport[]): IndexModel {
  const byName = new Map<string, IndexExport>();
  for (const e of exports) {
    const other = byName.get(e.name);
    if (other !== undefined) {
      const place = (x: IndexExport) => `${x.from.startsWith("./") ? x.from.slice(2).replace(/\.js$/, ".ts") : x.from} (${x.what})`;
      throw new GeneratorError(
        e.protoFile ?? other.protoFile ?? scope.fileName,
        `option index=true: ${scope.fileName}`,
        `${e.name} would be exported by both ${place(other)} and ${place(e)}; rename one, or generate without index=true and import from the modules`,
      );
    }
    byName.set(e.name, e);
  }
  const modules = new Map<string, { values: string[]; types: string[] }>();
  for (const e of exports) {
    let line = modules.get(e.from);
    if (line === undefined) {
      line = { values: [], types: [] };
      modules.set(e.from, line);
    }
    (e.typeOnly ? line.types : line.values).push(scope.import(e.name, e.from, e.typeOnly));
  }
  return { modules: [...modules.values()] };
}
