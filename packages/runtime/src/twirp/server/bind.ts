// One service bound to its implementation and options: reads each call's request (proto3 JSON
// in either key casing, or binary protobuf), runs the auth hook and the implementation under
// the caller's deadline, and answers with the response or an error reply.
import {
  create,
  fromBinary,
  fromJson,
  isMessage,
  toBinary,
  toJson,
  type DescMessage,
  type JsonValue,
  type Message,
  type Registry,
} from "@bufbuild/protobuf";
import { describeError, TwirpError } from "../errors.js";
import type { BoundService, IncomingCall, Reply } from "./core.js";
import { deadlineOf, withDeadline } from "./deadline.js";
import type { ServerOptions } from "./options.js";
import { badRoute, errorReply } from "./reply.js";
import type { CallInfo, RequestHeaders, ServerContext, ServerJsonOptions, ServerRpc, ServiceRpcs } from "./service.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The media type of the request, lower case, without parameters. */
function mediaType(call: IncomingCall): string {
  const header = call.headers.get("content-type") ?? "";
  const semicolon = header.indexOf(";");
  return (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

/** The ServerContext of one call; its signal is made on first use (an entry point may make the caller's lazily). */
class CallContext implements ServerContext {
  readonly service: string;
  readonly method: string;
  readonly #signal: () => AbortSignal;

  constructor(
    info: CallInfo,
    readonly headers: RequestHeaders,
    readonly auth: unknown,
    signal: () => AbortSignal,
  ) {
    this.service = info.service;
    this.method = info.method;
    this.#signal = signal;
  }

  get signal(): AbortSignal {
    return this.#signal();
  }
}

/** One RPC, ready to serve: what the table says, with its JSON reader and writer chosen. */
interface BoundRpc {
  readonly info: CallInfo;
  readonly rpc: ServerRpc<unknown>;
  read(text: string, options: ReadOptions): Message;
  /** Writes the message or its init shape. */
  write(init: object, options: WriteOptions): string;
}

type ReadOptions = { ignoreUnknownFields: boolean; registry?: Registry };
type WriteOptions = ServerJsonOptions & { registry?: Registry };

/** A service's RPCs bound to its implementation and options, each RPC's JSON chosen once. */
export function bindService<Impl>(
  service: string,
  rpcs: ServiceRpcs<Impl>,
  implementation: Impl,
  options: ServerOptions,
  maxRequestBytes: number,
): BoundService {
  const { auth, registry, onError } = options;
  const ignoreUnknownFields = options.rejectUnknownFields !== true;
  const readOptions: ReadOptions = registry === undefined ? { ignoreUnknownFields } : { ignoreUnknownFields, registry };
  const responseJson = options.responseJson ?? { useProtoFieldName: true, emitUnpopulated: true };
  const writeOptions: WriteOptions = registry === undefined ? responseJson : { ...responseJson, registry };
  const table = new Map<string, BoundRpc>();
  for (const rpc of rpcs as ServiceRpcs<unknown>) {
    table.set(rpc.name, { info: { service, method: rpc.name }, rpc, ...jsonOf(rpc) });
  }

  async function serve({ info, rpc, read, write }: BoundRpc, binary: boolean, call: IncomingCall): Promise<Reply> {
    const principal = auth === undefined ? undefined : await auth.authenticate(call.headers, info);
    const body = await call.readBody(maxRequestBytes);
    let request: Message;
    try {
      request = binary ? fromBinary(rpc.input, body) : read(utf8.decode(body), readOptions);
    } catch (error) {
      throw new TwirpError("malformed", `the ${binary ? "protobuf" : "json"} request could not be decoded`, {
        cause: describeError(error),
      });
    }
    if (auth?.authorize !== undefined) await auth.authorize(principal, rpc.grant?.(request as never), info);
    const method = (implementation as Record<string, (request: Message, context: ServerContext) => unknown>)[rpc.method]!;
    const invoke = async (signal: () => AbortSignal) =>
      method.call(implementation, request, new CallContext(info, call.headers, principal, signal));
    const deadline = deadlineOf(call);
    const result = await (deadline === undefined ? invoke(() => call.signal) : withDeadline(() => call.signal, deadline, invoke));
    const response = checkedResponse(rpc, result);
    return binary
      ? { status: 200, contentType: "application/protobuf", body: toBinary(rpc.output, asMessage(rpc.output, response)) }
      : { status: 200, contentType: "application/json", body: write(response, writeOptions) };
  }

  return {
    serve(rpcName, call) {
      const bound = table.get(rpcName);
      if (bound === undefined) return undefined;
      const type = mediaType(call);
      if (type !== "application/json" && type !== "application/protobuf") {
        return Promise.resolve(badRoute(`unexpected Content-Type: ${JSON.stringify(call.headers.get("content-type") ?? "")}`, call));
      }
      return serve(bound, type === "application/protobuf", call).catch((error: unknown) => errorReply(error, bound.info, onError));
    },
  };
}

/** What an implementation resolved to, if it can be the RPC's response: its message, or an init shape (not one of another type). */
function checkedResponse(rpc: ServerRpc<unknown>, result: unknown): object {
  const expected = rpc.output.typeName;
  if (typeof result !== "object" || result === null) throw new Error(`${rpc.method} resolved to ${String(result)}, not to a ${expected}`);
  if ("$typeName" in result && result.$typeName !== expected) {
    throw new Error(`${rpc.method} resolved to a ${String(result.$typeName)}, not to a ${expected}`);
  }
  return result;
}

/** A response as a message (for the binary format and reflection): itself, or created from its init shape. */
function asMessage(schema: DescMessage, response: object): Message {
  return isMessage(response, schema) ? response : create(schema, response as never);
}

/** How an RPC's JSON is read and written: its generated reader and writer, or @bufbuild/protobuf's reflection. */
function jsonOf({ input, output, reader, writer }: ServerRpc<unknown>): Pick<BoundRpc, "read" | "write"> {
  return {
    read:
      reader === undefined
        ? (text, options) => fromJson(input, JSON.parse(text) as JsonValue, options)
        : (text, options) => reader.parse(text, options),
    write:
      writer === undefined
        ? (init, { emitUnpopulated, alwaysEmitImplicit, ...options }) =>
            JSON.stringify(
              toJson(output, asMessage(output, init), {
                ...options,
                alwaysEmitImplicit: alwaysEmitImplicit === true || emitUnpopulated === true,
              }),
            )
        : (init, options) => writer.stringify(init as never, options),
  };
}
