// LiveKit access tokens for participants and servers, minted as livekit-server-sdk's
// `AccessToken` mints them: the same options and grants, the same claims with the same JSON
// shapes, HS256 through Web Crypto. Every input is checked when it is given (and the identity of
// a join token when signing): bad input is an AccessTokenError naming the field, never a token.
import { base64url, hmacKey } from "./jwt.js";

/** Track sources as LiveKit writes them in `canPublishSources` (`livekit.TrackSource` names, lower case). */
export type TrackSourceName = "camera" | "microphone" | "screen_share" | "screen_share_audio";

/**
 * What `canPublishSources` takes: names, or the numbers of `livekit.TrackSource` (1 camera,
 * 2 microphone, 3 screen share, 4 screen share audio; the generated `TrackSource` enum is one).
 */
export type TrackSourceInput = TrackSourceName | 1 | 2 | 3 | 4;

/** Participant kinds as LiveKit writes them in the `kind` claim (`ParticipantInfo.Kind` names, lower case). */
export type ParticipantKindName = "standard" | "ingress" | "egress" | "sip" | "agent" | "connector" | "bridge";

/** The `video` grant: every field of LiveKit's `VideoGrant` (auth/grants.go). */
export interface VideoGrant {
  /** Create and delete rooms. */
  readonly roomCreate?: boolean | undefined;
  /** List rooms. */
  readonly roomList?: boolean | undefined;
  /** Start and manage egress (recordings). */
  readonly roomRecord?: boolean | undefined;
  /** Administer the room named by `room`. */
  readonly roomAdmin?: boolean | undefined;
  /** Join the room named by `room`; the token then needs an identity. */
  readonly roomJoin?: boolean | undefined;
  /** The room the other permissions apply to. */
  readonly room?: string | undefined;
  /** Publish tracks (when neither this nor `canSubscribe` is set, LiveKit allows both). */
  readonly canPublish?: boolean | undefined;
  /** Subscribe to other participants' tracks. */
  readonly canSubscribe?: boolean | undefined;
  /** Publish data messages (defaults to `canPublish`). */
  readonly canPublishData?: boolean | undefined;
  /** The only track sources the participant may publish; supersedes `canPublish` when set. */
  readonly canPublishSources?: readonly TrackSourceInput[] | undefined;
  /** Update its own name, metadata and attributes (default false). */
  readonly canUpdateOwnMetadata?: boolean | undefined;
  /** Manage ingress, for any room. */
  readonly ingressAdmin?: boolean | undefined;
  /** The participant is not visible to others. */
  readonly hidden?: boolean | undefined;
  /** The participant records the room (the room shows it is being recorded). */
  readonly recorder?: boolean | undefined;
  /** Connect as an Agents framework worker. */
  readonly agent?: boolean | undefined;
  /** Subscribe to metrics. */
  readonly canSubscribeMetrics?: boolean | undefined;
  /** Manage an agent session through RemoteSession. */
  readonly canManageAgentSession?: boolean | undefined;
  /** The room participants may be forwarded or moved to. */
  readonly destinationRoom?: string | undefined;
}

/** The `sip` grant. */
export interface SIPGrant {
  /** Manage SIP trunks and dispatch rules. */
  readonly admin?: boolean | undefined;
  /** Make outbound calls. */
  readonly call?: boolean | undefined;
}

/** The `inference` grant. */
export interface InferenceGrant {
  readonly perform?: boolean | undefined;
}

/** The `observability` grant. */
export interface ObservabilityGrant {
  readonly write?: boolean | undefined;
}

/** A JSON value as a claim holds it. */
export type ClaimJsonValue = string | number | boolean | null | readonly ClaimJsonValue[] | { readonly [key: string]: ClaimJsonValue };

/**
 * The `roomConfig` claim: a `livekit.RoomConfiguration` in proto3 JSON, written into the token
 * as given (`{ name, emptyTimeout, agents: [{ agentName }], ... }`; what the generated
 * `RoomConfigurationJsonWriter.encode` returns). LiveKit reads it with unknown fields discarded.
 */
export type RoomConfigurationClaim = { readonly [field: string]: ClaimJsonValue };

export interface AccessTokenOptions {
  /** Lifetime: seconds, or a duration such as `"10m"`, `"2h"`, `"1 day"` (as the SDK reads it); default `"6h"`. */
  readonly ttl?: number | string | undefined;
  /** The participant's display name. */
  readonly name?: string | undefined;
  /** The participant's identity (the `sub` claim); required for tokens that join a room. */
  readonly identity?: string | undefined;
  /** Participant metadata, set when it joins. */
  readonly metadata?: string | undefined;
  /** Participant attributes. */
  readonly attributes?: Readonly<Record<string, string>> | undefined;
  /** The participant kind. */
  readonly kind?: ParticipantKindName | undefined;
  /** The room's configuration when this participant creates it. */
  readonly roomConfig?: RoomConfigurationClaim | undefined;
  /** LiveKit Cloud: a room configuration preset. */
  readonly roomPreset?: string | undefined;
  /** The base64 SHA-256 of a body the token vouches for (webhooks). */
  readonly sha256?: string | undefined;
}

/** Bad input to an {@link AccessToken}: `field` names it (`video.canPublishSources[1]`, `ttl`). */
export class AccessTokenError extends TypeError {
  override name = "AccessTokenError";
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** Signs one LiveKit access token: `new AccessToken(key, secret, { identity }).addGrant({ roomJoin: true, room }).toJwt()`. */
export class AccessToken {
  readonly #apiKey: string;
  readonly #apiSecret: string;
  #identity: string | undefined;
  #ttl: number | string = defaultTtl;
  #ttlSeconds: number = parseTtl(defaultTtl);
  #name: string | undefined;
  #metadata: string | undefined;
  #attributes: Readonly<Record<string, string>> | undefined;
  #kind: ParticipantKindName | undefined;
  #roomConfig: RoomConfigurationClaim | undefined;
  #roomPreset: string | undefined;
  #sha256: string | undefined;
  readonly #grants: { video?: GrantClaim; sip?: GrantClaim; inference?: GrantClaim; observability?: GrantClaim } = {};

  constructor(apiKey: string, apiSecret: string, options: AccessTokenOptions = {}) {
    if (typeof apiKey !== "string" || apiKey === "")
      throw new AccessTokenError("apiKey", `expected a non-empty string, got ${describe(apiKey)}`);
    if (typeof apiSecret !== "string" || apiSecret === "") throw new AccessTokenError("apiSecret", "expected a non-empty string");
    this.#apiKey = apiKey;
    this.#apiSecret = apiSecret;
    if (!isPlainObject(options)) throw new AccessTokenError("options", `expected an object, got ${describe(options)}`);
    for (const [key, value] of Object.entries(options)) {
      if (!optionNames.has(key)) throw new AccessTokenError(`options.${key}`, `unknown option (known: ${[...optionNames].join(", ")})`);
      if (value !== undefined) (this as unknown as Record<string, unknown>)[key] = value;
    }
  }

  /** The participant's identity, the `sub` claim. */
  get identity(): string | undefined {
    return this.#identity;
  }
  set identity(identity: string | undefined) {
    this.#identity = optionalString("identity", identity);
  }

  /** The lifetime as given: seconds, or a duration string. */
  get ttl(): number | string {
    return this.#ttl;
  }
  set ttl(ttl: number | string | undefined) {
    this.#ttlSeconds = parseTtl(ttl ?? defaultTtl);
    this.#ttl = ttl ?? defaultTtl;
  }

  get name(): string | undefined {
    return this.#name;
  }
  set name(name: string | undefined) {
    this.#name = optionalString("name", name);
  }

  get metadata(): string | undefined {
    return this.#metadata;
  }
  set metadata(metadata: string | undefined) {
    this.#metadata = optionalString("metadata", metadata);
  }

  get attributes(): Readonly<Record<string, string>> | undefined {
    return this.#attributes;
  }
  set attributes(attributes: Readonly<Record<string, string>> | undefined) {
    if (attributes === undefined) {
      this.#attributes = undefined;
      return;
    }
    if (!isPlainObject(attributes)) throw new AccessTokenError("attributes", `expected an object of strings, got ${describe(attributes)}`);
    const copy: Record<string, string> = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (typeof value !== "string") throw new AccessTokenError(`attributes${keyPath(key)}`, `expected a string, got ${describe(value)}`);
      Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    }
    this.#attributes = Object.freeze(copy);
  }

  get kind(): ParticipantKindName | undefined {
    return this.#kind;
  }
  set kind(kind: ParticipantKindName | undefined) {
    if (kind !== undefined && !participantKinds.has(kind)) {
      throw new AccessTokenError("kind", `expected one of ${[...participantKinds].join(", ")}, got ${describe(kind)}`);
    }
    this.#kind = kind;
  }

  get roomConfig(): RoomConfigurationClaim | undefined {
    return this.#roomConfig;
  }
  set roomConfig(config: RoomConfigurationClaim | undefined) {
    if (config !== undefined && !isPlainObject(config)) {
      throw new AccessTokenError("roomConfig", `expected a RoomConfiguration as a proto3 JSON object, got ${describe(config)}`);
    }
    this.#roomConfig = config === undefined ? undefined : (copyJson("roomConfig", config, new Set()) as RoomConfigurationClaim);
  }

  get roomPreset(): string | undefined {
    return this.#roomPreset;
  }
  set roomPreset(preset: string | undefined) {
    this.#roomPreset = optionalString("roomPreset", preset);
  }

  get sha256(): string | undefined {
    return this.#sha256;
  }
  set sha256(sha256: string | undefined) {
    this.#sha256 = optionalString("sha256", sha256);
  }

  /** Adds to the `video` grant (merged with what earlier calls added, as the SDK does). */
  addGrant(grant: VideoGrant): this {
    this.#grants.video = mergeGrant("video", this.#grants.video, grant, videoGrantFields);
    return this;
  }

  /** Adds to the `sip` grant. */
  addSIPGrant(grant: SIPGrant): this {
    this.#grants.sip = mergeGrant("sip", this.#grants.sip, grant, sipGrantFields);
    return this;
  }

  /** Adds to the `inference` grant. */
  addInferenceGrant(grant: InferenceGrant): this {
    this.#grants.inference = mergeGrant("inference", this.#grants.inference, grant, inferenceGrantFields);
    return this;
  }

  /** Adds to the `observability` grant. */
  addObservabilityGrant(grant: ObservabilityGrant): this {
    this.#grants.observability = mergeGrant("observability", this.#grants.observability, grant, observabilityGrantFields);
    return this;
  }

  /** The claims `toJwt` signs at `nowMs` (milliseconds since the epoch; default now). */
  claims(nowMs: number = Date.now()): Record<string, unknown> {
    if (this.#grants.video?.["roomJoin"] === true && !this.#identity) {
      throw new AccessTokenError("identity", "required for a token with video.roomJoin (the participant's identity in the room)");
    }
    const claims: Record<string, unknown> = {};
    for (const [claim, grant] of Object.entries(this.#grants)) {
      claims[claim] = Object.fromEntries(Object.entries(grant).map(([key, value]) => [key, Array.isArray(value) ? [...value] : value]));
    }
    if (this.#name) claims["name"] = this.#name;
    if (this.#metadata) claims["metadata"] = this.#metadata;
    if (this.#attributes !== undefined) claims["attributes"] = { ...this.#attributes };
    if (this.#kind !== undefined) claims["kind"] = this.#kind;
    if (this.#roomConfig !== undefined) claims["roomConfig"] = this.#roomConfig;
    if (this.#roomPreset) claims["roomPreset"] = this.#roomPreset;
    if (this.#sha256) claims["sha256"] = this.#sha256;
    const now = Math.floor(nowMs / 1000);
    claims["iss"] = this.#apiKey;
    claims["exp"] = now + this.#ttlSeconds;
    claims["nbf"] = now;
    if (this.#identity) claims["sub"] = this.#identity;
    return claims;
  }

  /** The token: an HS256 JWT signed with the API secret. */
  async toJwt(): Promise<string> {
    const claims = this.claims();
    if (globalThis.crypto?.subtle === undefined) {
      throw new Error("AccessToken: Web Crypto (globalThis.crypto.subtle) is not available in this runtime; use Node.js 20 or later");
    }
    const signingInput = `${jwtHeader}.${base64url(utf8.encode(JSON.stringify(claims)))}`;
    const signature = await crypto.subtle.sign("HMAC", await hmacKey(this.#apiSecret, "sign"), utf8.encode(signingInput));
    return `${signingInput}.${base64url(new Uint8Array(signature))}`;
  }
}

const defaultTtl = "6h";
const utf8 = /*@__PURE__*/ new TextEncoder();
const jwtHeader = /*@__PURE__*/ base64url(/*@__PURE__*/ utf8.encode('{"alg":"HS256","typ":"JWT"}'));

const optionNames: ReadonlySet<string> = /*@__PURE__*/ new Set([
  "ttl",
  "name",
  "identity",
  "metadata",
  "attributes",
  "kind",
  "roomConfig",
  "roomPreset",
  "sha256",
]);

const participantKinds: ReadonlySet<string> = /*@__PURE__*/ new Set<ParticipantKindName>([
  "standard",
  "ingress",
  "egress",
  "sip",
  "agent",
  "connector",
  "bridge",
]);

/** `livekit.TrackSource` number -> claim name; the names themselves map to themselves. */
const trackSources: ReadonlyMap<unknown, TrackSourceName> = /*@__PURE__*/ new Map<unknown, TrackSourceName>([
  [1, "camera"],
  [2, "microphone"],
  [3, "screen_share"],
  [4, "screen_share_audio"],
  ["camera", "camera"],
  ["microphone", "microphone"],
  ["screen_share", "screen_share"],
  ["screen_share_audio", "screen_share_audio"],
]);

type FieldKind = "boolean" | "string" | "sources";
type GrantClaim = Record<string, boolean | string | TrackSourceName[]>;

const videoGrantFields: ReadonlyMap<string, FieldKind> = /*@__PURE__*/ new Map<keyof VideoGrant, FieldKind>([
  ["roomCreate", "boolean"],
  ["roomList", "boolean"],
  ["roomRecord", "boolean"],
  ["roomAdmin", "boolean"],
  ["roomJoin", "boolean"],
  ["room", "string"],
  ["canPublish", "boolean"],
  ["canSubscribe", "boolean"],
  ["canPublishData", "boolean"],
  ["canPublishSources", "sources"],
  ["canUpdateOwnMetadata", "boolean"],
  ["ingressAdmin", "boolean"],
  ["hidden", "boolean"],
  ["recorder", "boolean"],
  ["agent", "boolean"],
  ["canSubscribeMetrics", "boolean"],
  ["canManageAgentSession", "boolean"],
  ["destinationRoom", "string"],
]);
const sipGrantFields: ReadonlyMap<string, FieldKind> = /*@__PURE__*/ new Map<keyof SIPGrant, FieldKind>([
  ["admin", "boolean"],
  ["call", "boolean"],
]);
const inferenceGrantFields: ReadonlyMap<string, FieldKind> = /*@__PURE__*/ new Map<keyof InferenceGrant, FieldKind>([
  ["perform", "boolean"],
]);
const observabilityGrantFields: ReadonlyMap<string, FieldKind> = /*@__PURE__*/ new Map<keyof ObservabilityGrant, FieldKind>([
  ["write", "boolean"],
]);

/** The grant so far with `grant`'s fields checked and added; an undefined field removes one. */
function mergeGrant(claim: string, current: GrantClaim | undefined, grant: unknown, fields: ReadonlyMap<string, FieldKind>): GrantClaim {
  if (!isPlainObject(grant)) throw new AccessTokenError(claim, `expected a grant object, got ${describe(grant)}`);
  const merged: GrantClaim = { ...current };
  for (const [key, value] of Object.entries(grant)) {
    const kind = fields.get(key);
    const field = `${claim}${keyPath(key)}`;
    if (kind === undefined) throw new AccessTokenError(field, `unknown grant field (known: ${[...fields.keys()].join(", ")})`);
    if (value === undefined) {
      delete merged[key];
    } else if (kind === "sources") {
      if (!Array.isArray(value)) throw new AccessTokenError(field, `expected an array of track sources, got ${describe(value)}`);
      merged[key] = value.map((source: unknown, i) => {
        const name = trackSources.get(source);
        if (name === undefined) {
          throw new AccessTokenError(
            `${field}[${i}]`,
            `expected a track source (camera, microphone, screen_share, screen_share_audio or TrackSource 1-4), got ${describe(source)}`,
          );
        }
        return name;
      });
    } else {
      if (typeof value !== kind) throw new AccessTokenError(field, `expected a ${kind}, got ${describe(value)}`);
      merged[key] = value as boolean | string;
    }
  }
  return merged;
}

/**
 * Seconds of a TTL as livekit-server-sdk reads it: a number of seconds, or a number and a unit
 * (`s`, `sec(s)`, `second(s)`, `m`, `min(s)`, `minute(s)`, `h`, `hr(s)`, `hour(s)`, `d`, `day(s)`,
 * `w`, `week(s)`, `y`, `yr(s)`, `year(s)`), rounded to a whole second. It must come to at least one.
 */
function parseTtl(ttl: unknown): number {
  let seconds: number;
  if (typeof ttl === "number") {
    seconds = Math.round(ttl);
  } else if (typeof ttl === "string") {
    const match = durationPattern.exec(ttl);
    if (match === null || match[1] === "-" || match[4]?.toLowerCase() === "ago") {
      throw new AccessTokenError(
        "ttl",
        `expected a positive number of seconds or a duration such as "10m", "2h" or "1d", got ${describe(ttl)}`,
      );
    }
    seconds = Math.round(Number.parseFloat(match[2]!) * unitSeconds(match[3]!.toLowerCase()));
  } else {
    throw new AccessTokenError("ttl", `expected seconds (a number) or a duration string such as "10m", got ${describe(ttl)}`);
  }
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new AccessTokenError("ttl", `expected a lifetime of at least one second, got ${describe(ttl)}`);
  }
  return seconds;
}

const durationPattern =
  /^(\+|-)? ?(\d+|\d+\.\d+) ?(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)(?: (ago|from now))?$/i;

function unitSeconds(unit: string): number {
  switch (unit[0]) {
    case "s":
      return 1;
    case "m":
      return 60;
    case "h":
      return 3600;
    case "d":
      return 86_400;
    case "w":
      return 604_800;
    default:
      return 31_557_600; // a year of 365.25 days
  }
}

function optionalString(field: string, value: unknown): string | undefined {
  if (value !== undefined && typeof value !== "string") throw new AccessTokenError(field, `expected a string, got ${describe(value)}`);
  return value;
}

/** A deep, frozen copy of a JSON value, refusing what JSON cannot hold; undefined object entries are dropped, as JSON.stringify does. */
function copyJson(field: string, value: unknown, open: Set<object>): ClaimJsonValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      if (Number.isFinite(value)) return value;
      break;
    case "object": {
      if (value === null) return null;
      if (open.has(value)) throw new AccessTokenError(field, "expected JSON, got a cycle");
      open.add(value);
      let copy: ClaimJsonValue;
      if (Array.isArray(value)) {
        copy = value.map((item: unknown, i) => copyJson(`${field}[${i}]`, item, open));
      } else if (isPlainObject(value)) {
        const entries: Record<string, ClaimJsonValue> = {};
        for (const [key, item] of Object.entries(value)) {
          if (item === undefined) continue;
          Object.defineProperty(entries, key, {
            value: copyJson(`${field}${keyPath(key)}`, item, open),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        copy = entries;
      } else {
        break;
      }
      open.delete(value);
      return Object.freeze(copy);
    }
  }
  throw new AccessTokenError(field, `expected a JSON value, got ${describe(value)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function keyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) return String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === "string" && name !== "Object" ? `a ${name}` : "an object";
  }
  return `a ${typeof value}`;
}
