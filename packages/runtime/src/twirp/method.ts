// How generated code describes an RPC to the Twirp client, as types only: its names, the JSON
// writer of its request and reader of its response, the claims it needs, and the binary
// format of its service.
import type { Registry } from "@bufbuild/protobuf";
import type { GrantClaims } from "./auth.js";

/** The request body writer of an RPC: a generated `<Message>JsonWriter`. */
export interface RequestWriter<I> {
  readonly typeName: string;
  stringify(request: I, options: RequestWriteOptions): string;
  encode(request: I, options: RequestWriteOptions): unknown;
}

/** How the client asks writers to write a request. */
export interface RequestWriteOptions {
  readonly useProtoFieldName: boolean;
  /** Requests are typed: an enum number the schema does not declare is refused. */
  readonly onlyKnownEnumValues: true;
  readonly registry?: Registry;
}

/** The response reader of an RPC: a generated `<Message>JsonReader`. */
export interface ResponseReader<O> {
  readonly typeName: string;
  decode(json: unknown, options: ResponseReadOptions): O;
}

/** How the client asks readers to read a response. */
export interface ResponseReadOptions {
  readonly ignoreUnknownFields: boolean;
  readonly registry?: Registry;
}

/** One RPC, as the generated clients describe it. `I` is the request's init shape, `O` the response message. */
export interface TwirpMethod<I, O> {
  /** Fully qualified service name: `"livekit.RoomService"`. */
  readonly service: string;
  /** RPC name as declared, used verbatim in the URL: `"ListRooms"`. */
  readonly name: string;
  readonly writer: RequestWriter<I>;
  readonly reader: ResponseReader<O>;
  /** The token claims the RPC needs, from the request (services with a grants table only). */
  readonly grant?: (request: I) => GrantClaims;
  /**
   * The least timeout of a call, from its request (an RPC that waits while a phone rings): the
   * client's default timeout, or the call's, is raised to it. Unchecked input: never throws.
   */
  readonly minTimeoutMs?: (request: unknown) => number;
}

/** The binary format of a service: a generated `<Service>Binary`, for `format`. */
export interface BinaryFormat {
  readonly service: string;
  /** The request as protobuf bytes; `checked` is the request as the JSON writer checked it. */
  encode(method: string, checked: unknown, registry: Registry | undefined): Uint8Array;
  decode(method: string, bytes: Uint8Array): object;
}
