// The model of a `X_server.ts` file: per service, the interface a server implements
// (`<Service>Implementation`), the table of its RPCs, and `create<Service>Handler`, from the
// services model the client concern reads too.
import type { DescMessage } from "@bufbuild/protobuf";
import { declareExport, importSchema, importShape, type FileContext, type ShapeResolver } from "../../model/context.js";
import { docLines, docText, isDeprecated } from "../../model/docs.js";
import { isWellKnown } from "../../model/messages.js";
import { runtimeModule, serverNames, type FileScope } from "../../model/names.js";
import { grantText, type RpcModel, type RpcTemplateModel, type ServiceRpcsModel } from "../../model/services.js";
import { importCodec } from "../json/model.js";

export interface ServerMethodModel extends RpcTemplateModel {
  /** Local name of protoc-gen-es's request type. */
  readonly inputType: string;
  /** Local names of the request's JSON reader and the response's JSON writer; undefined for well-known types, or without `json`. */
  readonly reader: string | undefined;
  readonly writer: string | undefined;
}

export interface ServerServiceModel {
  /** `RoomServiceImplementation` */
  readonly interfaceName: string;
  /** `createRoomServiceHandler` */
  readonly handlerName: string;
  /** Module-private table of the RPCs: `RoomServiceRpcs`. */
  readonly tableName: string;
  /** `livekit.RoomService` */
  readonly protoName: string;
  readonly docLines: readonly string[];
  readonly handlerDocLines: readonly string[];
  readonly methods: readonly ServerMethodModel[];
}

export interface ServerFileModel {
  readonly runtime: {
    readonly createServiceHandler: string;
    readonly ServerContext: string;
    readonly ServerOptions: string;
    readonly ServerHandler: string;
    readonly ServiceRpcs: string;
    /** Only imported when the file has a grants table. */
    readonly GrantClaims: string | undefined;
    readonly MessageInitShape: string;
  };
  readonly services: readonly ServerServiceModel[];
}

/** The Twirp server side of a proto file, or undefined when it declares no service. */
export function serverFileModel({ file, scope, shapeOf, options, services }: FileContext): ServerFileModel | undefined {
  if (file.services.length === 0) return undefined;
  const { hasGrants, services: rpcs } = services();
  for (const service of file.services) {
    const names = serverNames(service);
    for (const name of [names.implementation, names.handler]) declareExport(scope, file, service.typeName, name);
  }
  // The interface's methods return the global Promise: a message named Promise gets an alias.
  scope.declare("Promise");
  const serverRuntime = runtimeModule("twirp/server");
  const runtime = {
    createServiceHandler: scope.import("createServiceHandler", serverRuntime),
    ServerContext: scope.import("ServerContext", serverRuntime, true),
    ServerOptions: scope.import("ServerOptions", serverRuntime, true),
    ServerHandler: scope.import("ServerHandler", serverRuntime, true),
    ServiceRpcs: scope.import("ServiceRpcs", serverRuntime, true),
    GrantClaims: hasGrants ? scope.import("GrantClaims", serverRuntime, true) : undefined,
    MessageInitShape: scope.import("MessageInitShape", "@bufbuild/protobuf", true),
  };
  // Types without a generated codec (well-known types, or without `json`) go through reflection.
  const codecOf = (desc: DescMessage, part: "Reader" | "Writer") =>
    options.emit.has("json") && !isWellKnown(desc) ? importCodec(scope, shapeOf, desc, part) : undefined;
  const models = rpcs.map((service) =>
    serviceModel(
      scope,
      service,
      service.rpcs.map((rpc) => methodModel(scope, shapeOf, codecOf, rpc)),
    ),
  );
  return { runtime, services: models };
}

function serviceModel(scope: FileScope, { desc: service }: ServiceRpcsModel, methods: ServerMethodModel[]): ServerServiceModel {
  const doc = docText(service);
  const deprecated = isDeprecated(service) ? ["@deprecated"] : [];
  const names = serverNames(service);
  return {
    interfaceName: names.implementation,
    handlerName: names.handler,
    tableName: scope.local(names.rpcs),
    protoName: service.typeName,
    docLines: docLines(
      (doc === "" ? "" : `${doc}\n\n`) +
        `Server side of \`${service.typeName}\`: one method per RPC. Serve it with {@link ${names.handler}}.`,
      deprecated,
    ),
    handlerDocLines: docLines(
      `Serves \`${service.typeName}\` over Twirp (JSON and binary protobuf) with an implementation:\n` +
        "a fetch-style handler, `(request: Request) => Promise<Response>`; for `node:http`, wrap it with\n" +
        "`nodeHandler` from `protoc-gen-livekit-runtime/twirp/server`.",
      deprecated,
    ),
    methods,
  };
}

function methodModel(
  scope: FileScope,
  shapeOf: ShapeResolver,
  codecOf: (desc: DescMessage, part: "Reader" | "Writer") => string | undefined,
  { desc: method, property, claims, grant }: RpcModel,
): ServerMethodModel {
  const grantLine =
    claims === undefined
      ? ""
      : claims.length === 0
        ? "Callers need a valid token; no grant."
        : `Callers need the token grant ${grantText(claims)} (\`livekitAuth\` checks it).`;
  const text = [docText(method), grantLine].filter((t) => t !== "").join("\n\n");
  return {
    property,
    protoName: method.name,
    inputType: importShape(scope, shapeOf, method.input),
    inputSchema: importSchema(scope, shapeOf, method.input, false),
    outputSchema: importSchema(scope, shapeOf, method.output, false),
    reader: codecOf(method.input, "Reader"),
    writer: codecOf(method.output, "Writer"),
    grant,
    docLines: docLines(text, isDeprecated(method) ? ["@deprecated"] : []),
  };
}
