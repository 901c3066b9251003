// Service descriptors -> the model of a `X_server.ts` file: per service, the interface a server
// implements (`<Service>Implementation`), the table of its RPCs, and `create<Service>Handler`.
import type { DescFile, DescMessage, DescMethod, DescService } from "@bufbuild/protobuf";
import type { Options } from "../options.js";
import { loadSidecar } from "../sidecar.js";
import { docLines, docText, isDeprecated } from "./docs.js";
import { declareExport, importSchema, importShape, type FileModelBase, type ShapeResolver } from "./files.js";
import { grantTable, type GrantClaim } from "./grants.js";
import { importCodec } from "./json.js";
import { isWellKnown } from "./messages.js";
import { concernExports, exportName, runtimeModule, type FileScope } from "./names.js";
import { grantModel, grantText, methodProperties, type MethodModel } from "./services.js";

export interface ServerMethodModel {
  /** Method of the implementation: `listRooms`. */
  readonly property: string;
  /** RPC name, as in the URL: `ListRooms`. */
  readonly protoName: string;
  /** Local names of protoc-gen-es's request type and of the request and response schemas. */
  readonly inputType: string;
  readonly inputSchema: string;
  readonly outputSchema: string;
  /** Local names of the request's JSON reader and the response's JSON writer; undefined for well-known types, or without `json`. */
  readonly reader: string | undefined;
  readonly writer: string | undefined;
  /** The token claims the caller needs, or undefined when the service has no grants table. */
  readonly grant: MethodModel["grant"];
  readonly docLines: readonly string[];
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

export interface ServerFileModel extends FileModelBase {
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
export function serverFileModel(
  file: DescFile,
  scope: FileScope,
  shapeOf: ShapeResolver,
  options: Options,
): ServerFileModel | undefined {
  if (file.services.length === 0) return undefined;
  const grants = grantTable(file, loadSidecar(options.sidecarDir, file));
  const names = file.services.map((service) => {
    const interfaceName = exportName(service, concernExports.server.suffix);
    const handlerName = `create${exportName(service, "Handler")}`;
    declareExport(scope, file, service.typeName, interfaceName);
    declareExport(scope, file, service.typeName, handlerName);
    return { interfaceName, handlerName };
  });
  // The interface's methods return the global Promise: a message named Promise gets an alias.
  scope.declare("Promise");
  const serverRuntime = runtimeModule("twirp/server");
  const runtime = {
    createServiceHandler: scope.import("createServiceHandler", serverRuntime),
    ServerContext: scope.import("ServerContext", serverRuntime, true),
    ServerOptions: scope.import("ServerOptions", serverRuntime, true),
    ServerHandler: scope.import("ServerHandler", serverRuntime, true),
    ServiceRpcs: scope.import("ServiceRpcs", serverRuntime, true),
    GrantClaims: grants === undefined ? undefined : scope.import("GrantClaims", serverRuntime, true),
    MessageInitShape: scope.import("MessageInitShape", "@bufbuild/protobuf", true),
  };
  // Types without a generated codec (well-known types, or without `json`) go through reflection.
  const codecOf = (desc: DescMessage, part: "Reader" | "Writer") =>
    options.emit.has("json") && !isWellKnown(desc) ? importCodec(scope, shapeOf, desc, part) : undefined;
  const services = file.services.map((service, i) => {
    const properties = methodProperties(file, service);
    const methods = service.methods.map((method, j) =>
      methodModel(scope, shapeOf, codecOf, method, properties[j]!, grants?.get(method)),
    );
    return serviceModel(scope, service, names[i]!, methods);
  });
  return { sourceFile: file.proto.name, runtime, services };
}

function serviceModel(
  scope: FileScope,
  service: DescService,
  names: { interfaceName: string; handlerName: string },
  methods: ServerMethodModel[],
): ServerServiceModel {
  const doc = docText(service);
  const deprecated = isDeprecated(service) ? ["@deprecated"] : [];
  return {
    ...names,
    tableName: scope.local(exportName(service, "Rpcs")),
    protoName: service.typeName,
    docLines: docLines(
      (doc === "" ? "" : `${doc}\n\n`) +
        `Server side of \`${service.typeName}\`: one method per RPC. Serve it with {@link ${names.handlerName}}.`,
      deprecated,
    ),
    handlerDocLines: docLines(
      `Serves \`${service.typeName}\` over Twirp (JSON and binary protobuf) with an implementation:\n` +
        "a fetch-style handler, `(request: Request) => Promise<Response>`; for `node:http`, wrap it with\n" +
        "`nodeHandler` from `runtime/twirp/server-node`.",
      deprecated,
    ),
    methods,
  };
}

function methodModel(
  scope: FileScope,
  shapeOf: ShapeResolver,
  codecOf: (desc: DescMessage, part: "Reader" | "Writer") => string | undefined,
  method: DescMethod,
  property: string,
  claims: readonly GrantClaim[] | undefined,
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
    grant: claims === undefined ? undefined : grantModel(claims),
    docLines: docLines(text, isDeprecated(method) ? ["@deprecated"] : []),
  };
}
