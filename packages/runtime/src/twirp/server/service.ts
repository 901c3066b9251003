// A Twirp service as the server runtime sees it, as types only: the generated table of its RPCs
// (with their JSON readers and writers and the grant each needs), and what an implementation's
// method gets besides the request.
import type { DescMessage, Message, Registry } from "@bufbuild/protobuf";
import type { GrantClaims } from "../auth.js";

/** Request headers, looked up case-insensitively (the fetch `Headers` is one). */
export interface RequestHeaders {
  get(name: string): string | null;
}

/** Which RPC a call is for. */
export interface CallInfo {
  /** `livekit.RoomService` */
  readonly service: string;
  /** `ListRooms` */
  readonly method: string;
}

/** What an implementation's method gets besides the request. */
export interface ServerContext extends CallInfo {
  /** The request's headers (after the auth hook accepted them). */
  readonly headers: RequestHeaders;
  /** Aborted when the caller goes away or its deadline (`X-Twirp-Timeout-Ms`) passes. */
  readonly signal: AbortSignal;
  /** What the auth hook's `authenticate` returned (`livekitAuth`: the verified token); undefined without one. */
  readonly auth: unknown;
}

/** How responses are written as JSON (options of the generated `<Message>JsonWriter`s). */
export interface ServerJsonOptions {
  readonly useProtoFieldName?: boolean;
  readonly alwaysEmitImplicit?: boolean;
  /** Every field, unset messages as `null`: Go protojson's EmitUnpopulated, LiveKit's form. */
  readonly emitUnpopulated?: boolean;
  readonly enumAsInteger?: boolean;
}

/** The JSON reader of a request type (a generated `<Message>JsonReader`). */
export interface RequestJsonReader {
  parse(text: string, options: { ignoreUnknownFields: boolean; registry?: Registry }): Message;
}

/** The JSON writer of a response type (a generated `<Message>JsonWriter`): takes the message or its init shape. */
export interface ResponseJsonWriter {
  stringify(init: never, options: ServerJsonOptions & { registry?: Registry }): string;
}

/** One RPC of a generated service table. */
export interface ServerRpc<Impl> {
  /** The RPC's name, as in the URL: `ListRooms`. */
  readonly name: string;
  /** The implementation's method. */
  readonly method: keyof Impl & string;
  readonly input: DescMessage;
  readonly output: DescMessage;
  /** The generated reader and writer; without them, @bufbuild/protobuf's reflection reads and writes JSON. */
  readonly reader?: RequestJsonReader;
  readonly writer?: ResponseJsonWriter;
  /** The grant the caller needs, from the request (services with a grants table only). */
  readonly grant?: (request: never) => GrantClaims;
}

/** A service's RPCs, as the generated `X_server.ts` files declare them. */
export type ServiceRpcs<Impl> = readonly ServerRpc<Impl>[];
