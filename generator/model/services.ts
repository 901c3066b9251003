// Service descriptors -> the model of a `X_twirp.ts` file: one client class per service, one
// method per RPC, with the token grant each RPC needs (from the sidecar) and its docs.
import type { DescFile, DescMessage, DescMethod, DescService } from "@bufbuild/protobuf";
import { GeneratorError } from "../errors.js";
import type { Options } from "../options.js";
import { loadSidecar } from "../sidecar.js";
import { docLines, docText, isDeprecated } from "./docs.js";
import { declareExport, importSchema, importShape, type FileModelBase, type ShapeResolver } from "./files.js";
import { importCodec } from "./json.js";
import { isWellKnown } from "./messages.js";
import { grantTable, type GrantClaim, type GrantTable } from "./grants.js";
import { concernExports, exportName, methodProperty, propertyKey, runtimeModule, type FileScope } from "./names.js";

export interface GrantEntryModel {
  /** Grant key as an object-literal key: `roomAdmin` (`["__proto__"]` for that name). */
  readonly key: string;
  /** The request property the value comes from (`room`), or undefined for a literal. */
  readonly property: string | undefined;
  /** The literal value when `property` is undefined. */
  readonly value: string | number | boolean | undefined;
}

export interface MethodModel {
  /** Client method: `listRooms`. */
  readonly property: string;
  /** RPC name, used verbatim in the URL: `ListRooms`. */
  readonly protoName: string;
  /** Local name of protoc-gen-es's schema of the request (for the init shape type and the binary format). */
  readonly inputSchema: string;
  /** Local name of the response's schema (binary format only) and type. */
  readonly outputSchema: string;
  readonly outputType: string;
  /** Local names of the request's JSON writer and the response's JSON reader. */
  readonly writer: string;
  readonly reader: string;
  /** The token claims, or undefined when the service has no grants table. */
  readonly grant: { readonly usesRequest: boolean; readonly claims: readonly { readonly name: string; readonly entries: readonly GrantEntryModel[] }[] } | undefined;
  readonly docLines: readonly string[];
}

export interface ServiceModel {
  /** `RoomServiceClient` */
  readonly clientName: string;
  /** Module-private table of the RPCs: `RoomServiceMethods`. */
  readonly tableName: string;
  /** The service's binary format, for the client's `format` option: `RoomServiceBinary`. */
  readonly binaryName: string;
  /** `livekit.RoomService` */
  readonly protoName: string;
  /** Whether the RPCs carry grants, so that the client can sign its own tokens. */
  readonly hasGrants: boolean;
  /** Local name of the auth option type. */
  readonly authType: string;
  readonly docLines: readonly string[];
  readonly methods: readonly MethodModel[];
}

export interface TwirpFileModel extends FileModelBase {
  readonly runtime: {
    readonly TwirpClient: string;
    readonly ClientOptions: string;
    readonly CallOptions: string;
    readonly MessageInitShape: string;
    readonly binaryFormat: string;
    /** Only imported when the file has a grants table. */
    readonly GrantClaims: string | undefined;
    readonly TokenSigner: string | undefined;
    readonly KeyAuth: string | undefined;
  };
  readonly services: readonly ServiceModel[];
}

/** The Twirp clients of a proto file, or undefined when it declares no service. */
export function twirpFileModel(
  file: DescFile,
  scope: FileScope,
  shapeOf: ShapeResolver,
  options: Options,
): TwirpFileModel | undefined {
  if (file.services.length === 0) return undefined;
  const grants = grantTable(file, loadSidecar(options.sidecarDir, file));
  for (const service of file.services) {
    declareExport(scope, file, service.typeName, exportName(service, concernExports.twirp.suffix));
    declareExport(scope, file, service.typeName, exportName(service, "Binary"));
    declareExport(scope, file, service.typeName, exportName(service, "Methods"));
  }
  // The methods return the global Promise: a message named Promise is imported under an alias.
  scope.declare("Promise");
  // Types without a generated codec (well-known types, or without `json`) go through reflection.
  const codecOf = (desc: DescMessage, direction: "reader" | "writer") =>
    options.emit.has("json") && !isWellKnown(desc)
      ? importCodec(scope, shapeOf, desc, direction === "reader" ? "Reader" : "Writer")
      : `/*@__PURE__*/ ${scope.import("protobufJson", twirpRuntime)}(${importSchema(scope, shapeOf, desc, false)})`;
  const token = grants === undefined ? undefined : runtimeModule("livekit");
  const runtime = {
    TwirpClient: scope.import("TwirpClient", twirpRuntime),
    ClientOptions: scope.import("ClientOptions", twirpRuntime, true),
    CallOptions: scope.import("CallOptions", twirpRuntime, true),
    MessageInitShape: scope.import("MessageInitShape", "@bufbuild/protobuf", true),
    binaryFormat: scope.import("binaryFormat", twirpRuntime),
    GrantClaims: token === undefined ? undefined : scope.import("GrantClaims", twirpRuntime, true),
    TokenSigner: token === undefined ? undefined : scope.import("TokenSigner", token),
    KeyAuth: token === undefined ? undefined : scope.import("KeyAuth", token, true),
  };
  const tokenAuth = scope.import("TokenAuth", twirpRuntime, true);
  const authType = runtime.KeyAuth === undefined ? tokenAuth : `${tokenAuth} | ${runtime.KeyAuth}`;
  const ctx: ServiceContext = { file, scope, shapeOf, codecOf };
  const services = file.services.map((service) => serviceModel(ctx, service, grants, authType));
  return { sourceFile: file.proto.name, runtime, services };
}

const twirpRuntime = runtimeModule("twirp");

/** What the models of a file's services share. */
interface ServiceContext {
  readonly file: DescFile;
  readonly scope: FileScope;
  readonly shapeOf: ShapeResolver;
  /** The local name (or expression) of a message's JSON reader or writer. */
  readonly codecOf: (desc: DescMessage, direction: "reader" | "writer") => string;
}

function serviceModel(ctx: ServiceContext, service: DescService, grants: GrantTable | undefined, authType: string): ServiceModel {
  const properties = methodProperties(ctx.file, service);
  const methods = service.methods.map((method, i) => methodModel(ctx, method, properties[i]!, grants?.get(method)));
  const doc = docText(service);
  return {
    clientName: exportName(service, concernExports.twirp.suffix),
    tableName: exportName(service, "Methods"),
    binaryName: exportName(service, "Binary"),
    protoName: service.typeName,
    hasGrants: grants !== undefined,
    authType,
    docLines: docLines(
      (doc === "" ? "" : `${doc}\n\n`) + `Twirp client of \`${service.typeName}\`.`,
      isDeprecated(service) ? ["@deprecated"] : [],
    ),
    methods,
  };
}

/**
 * The method names of a service's RPCs (client methods, and server implementation methods),
 * in declaration order; two RPCs whose names would be the same stop generation.
 */
export function methodProperties(file: DescFile, service: DescService): string[] {
  const seen = new Map<string, DescMethod>();
  return service.methods.map((method) => {
    const property = methodProperty(method);
    const clash = seen.get(property);
    if (clash !== undefined) {
      throw new GeneratorError(
        file.proto.name,
        `rpc ${service.typeName}.${method.name}`,
        `its client method ${property} is also the client method of rpc ${clash.name}; rename one of them`,
      );
    }
    seen.set(property, method);
    return property;
  });
}

function methodModel(ctx: ServiceContext, method: DescMethod, property: string, claims: readonly GrantClaim[] | undefined): MethodModel {
  const { scope, shapeOf, codecOf } = ctx;
  const grant = claims === undefined ? undefined : grantModel(claims);
  const tags = ["@throws {TwirpError} on any failure; `code` says which.", ...(isDeprecated(method) ? ["@deprecated"] : [])];
  const text = [docText(method), grant === undefined ? "" : grantDoc(claims ?? [])].filter((t) => t !== "").join("\n\n");
  return {
    property,
    protoName: method.name,
    inputSchema: importSchema(scope, shapeOf, method.input, false),
    outputSchema: importSchema(scope, shapeOf, method.output, false),
    outputType: importShape(scope, shapeOf, method.output),
    writer: codecOf(method.input, "writer"),
    reader: codecOf(method.output, "reader"),
    grant,
    docLines: docLines(text, tags),
  };
}

export function grantModel(claims: readonly GrantClaim[]): MethodModel["grant"] {
  const models = claims.map((claim) => ({
    name: propertyKey(claim.name),
    entries: claim.entries.map(({ key, value }) =>
      value.kind === "request"
        ? { key: propertyKey(key), property: value.field.localName, value: undefined }
        : { key: propertyKey(key), property: undefined, value: value.value },
    ),
  }));
  return { usesRequest: models.some((c) => c.entries.some((e) => e.property !== undefined)), claims: models };
}

/** The permission line of a client method's doc. */
function grantDoc(claims: readonly GrantClaim[]): string {
  if (claims.length === 0) return "Token: any valid token; no grant needed.";
  return `Token grant (signed for you with \`auth: { apiKey, apiSecret }\`): ${grantText(claims)}.`;
}

/** The claims of a grant as docs show them: `` `video: { roomAdmin: true, room: <request.room> }` ``. */
export function grantText(claims: readonly GrantClaim[]): string {
  const parts = claims.map((claim) => {
    const entries = claim.entries.map(({ key, value }) =>
      `${key}: ${value.kind === "request" ? `<request.${value.field.name}>` : JSON.stringify(value.value)}`,
    );
    return `\`${claim.name}: { ${entries.join(", ")} }\``;
  });
  return parts.join(", ");
}
