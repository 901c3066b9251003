// The model of a `X_twirp.ts` file: one client class per service, one method per RPC, with the
// token grant each RPC needs (from the shared services model) and its docs.
import type { DescMessage } from "@bufbuild/protobuf";
import { declareExport, importSchema, importShape, type FileContext, type ShapeResolver } from "../../model/context.js";
import { docLines, docText, isDeprecated } from "../../model/docs.js";
import type { GrantClaim } from "../../model/grants.js";
import type { RingingRule } from "../../model/ringing.js";
import { isWellKnown } from "../../model/messages.js";
import { clientNames, runtimeModule, type FileScope } from "../../model/names.js";
import { grantText, type RpcModel, type RpcTemplateModel, type ServiceRpcsModel } from "../../model/services.js";
import { importCodec } from "../json/model.js";

export interface MethodModel extends RpcTemplateModel {
  /** Local name of the response's type. */
  readonly outputType: string;
  /** Local names (or expressions) of the request's JSON writer and the response's JSON reader. */
  readonly writer: string;
  readonly reader: string;
  /** For an RPC that rings: the expression of the call's least timeout, from `request`. */
  readonly minTimeout: string | undefined;
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

export interface TwirpFileModel {
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
export function twirpFileModel({ file, scope, shapeOf, options, services }: FileContext): TwirpFileModel | undefined {
  if (file.services.length === 0) return undefined;
  const { hasGrants, services: rpcs } = services();
  for (const service of file.services) {
    const names = clientNames(service);
    for (const name of [names.client, names.binary, names.methods]) declareExport(scope, file, service.typeName, name);
  }
  // The methods return the global Promise: a message named Promise is imported under an alias.
  scope.declare("Promise");
  // Types without a generated codec (well-known types, or without `json`) go through reflection.
  const codecOf = (desc: DescMessage, direction: "reader" | "writer") =>
    options.emit.has("json") && !isWellKnown(desc)
      ? importCodec(scope, shapeOf, desc, direction === "reader" ? "Reader" : "Writer")
      : `/*@__PURE__*/ ${scope.import("protobufJson", twirpRuntime)}(${importSchema(scope, shapeOf, desc, false)})`;
  const token = hasGrants ? runtimeModule("livekit") : undefined;
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
  const ctx: ServiceContext = { scope, shapeOf, codecOf };
  return { runtime, services: rpcs.map((service) => serviceModel(ctx, service, hasGrants, authType)) };
}

const twirpRuntime = runtimeModule("twirp");

/** What the models of a file's services share. */
interface ServiceContext {
  readonly scope: FileScope;
  readonly shapeOf: ShapeResolver;
  /** The local name (or expression) of a message's JSON reader or writer. */
  readonly codecOf: (desc: DescMessage, direction: "reader" | "writer") => string;
}

function serviceModel(ctx: ServiceContext, { desc, rpcs }: ServiceRpcsModel, hasGrants: boolean, authType: string): ServiceModel {
  const doc = docText(desc);
  const names = clientNames(desc);
  return {
    clientName: names.client,
    tableName: names.methods,
    binaryName: names.binary,
    protoName: desc.typeName,
    hasGrants,
    authType,
    docLines: docLines(
      (doc === "" ? "" : `${doc}\n\n`) + `Twirp client of \`${desc.typeName}\`.`,
      isDeprecated(desc) ? ["@deprecated"] : [],
    ),
    methods: rpcs.map((rpc) => methodModel(ctx, rpc)),
  };
}

function methodModel(
  { scope, shapeOf, codecOf }: ServiceContext,
  { desc: method, property, claims, grant, ringing }: RpcModel,
): MethodModel {
  const tags = ["@throws {TwirpError} on any failure; `code` says which.", ...(isDeprecated(method) ? ["@deprecated"] : [])];
  const text = [docText(method), claims === undefined ? "" : grantDoc(claims), ringing === undefined ? "" : ringingDoc(ringing)]
    .filter((t) => t !== "")
    .join("\n\n");
  const minTimeout =
    ringing === undefined
      ? undefined
      : `${scope.import("ringingTimeoutMs", runtimeModule("livekit"))}(request, ${[ringing.field, ringing.when]
          .filter((f) => f !== undefined)
          .map((f) => JSON.stringify(f.localName))
          .join(", ")})`;
  return {
    property,
    protoName: method.name,
    inputSchema: importSchema(scope, shapeOf, method.input, false),
    outputSchema: importSchema(scope, shapeOf, method.output, false),
    outputType: importShape(scope, shapeOf, method.output),
    writer: codecOf(method.input, "writer"),
    reader: codecOf(method.output, "reader"),
    grant,
    minTimeout,
    docLines: docLines(text, tags),
  };
}

/** The timeout line of the doc of a client method whose RPC rings. */
function ringingDoc({ field, when }: RingingRule): string {
  const condition = when === undefined ? "" : ` With \`${when.localName}: true\`, the`;
  return (
    `${condition === "" ? "The" : condition.trimStart()} call waits while the phone rings: its timeout is at least \`${field.localName}\`` +
    " (30 s when unset) plus 2 s, as livekit-server-sdk gives it."
  );
}

/** The permission line of a client method's doc. */
function grantDoc(claims: readonly GrantClaim[]): string {
  if (claims.length === 0) return "Token: any valid token; no grant needed.";
  return `Token grant (signed for you with \`auth: { apiKey, apiSecret }\`): ${grantText(claims)}.`;
}
