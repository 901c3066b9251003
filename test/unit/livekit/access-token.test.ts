// AccessToken (runtime/livekit/access-token.ts) against livekit-server-sdk's AccessToken as the
// reference: for the same options, grants and clock, the same claims; the SDK's TokenVerifier
// and ours accept the tokens; bad input throws before anything is signed, naming the field.
import { RoomConfiguration } from "@livekit/protocol";
import * as fc from "fast-check";
import { AccessToken as SdkAccessToken, TokenVerifier as SdkTokenVerifier } from "livekit-server-sdk";
import { RoomConfigurationJsonWriter } from "livekit-room-api/livekit_room_json";
import {
  AccessToken,
  AccessTokenError,
  livekitAuth,
  TokenVerifier,
  type AccessTokenOptions,
  type InferenceGrant,
  type ObservabilityGrant,
  type ParticipantKindName,
  type SIPGrant,
  type TrackSourceInput,
  type VideoGrant,
} from "protoc-gen-livekit-runtime/livekit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const keys = { APIkeyOne: "secret-one-0123456789-0123456789-abcdef", APIkeyTwo: "secret-two-0123456789-0123456789-abcdef" };
const call = { service: "livekit.RoomService", method: "ListParticipants" };

/** A JWT's payload, read without verifying. */
function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

const sourceNames = ["camera", "microphone", "screen_share", "screen_share_audio"] as const;
const kinds: ParticipantKindName[] = ["standard", "ingress", "egress", "sip", "agent", "connector", "bridge"];
const units = [
  "s",
  "sec",
  "secs",
  "second",
  "seconds",
  "m",
  "min",
  "mins",
  "minute",
  "minutes",
  "h",
  "hr",
  "hrs",
  "hour",
  "hours",
  "d",
  "day",
  "days",
  "w",
  "week",
  "weeks",
  "y",
  "yr",
  "years",
];

const text = fc.string({ unit: "binary", maxLength: 12 });
const flag = fc.boolean();

/** A duration string the SDK reads, and that comes to at least one second. */
const durationText = fc
  .tuple(
    fc.integer({ min: 1, max: 5000 }),
    fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    fc.constantFrom("", " "),
    fc.constantFrom(...units),
  )
  .map(([whole, tenth, space, unit]) => `${whole}${tenth === undefined ? "" : `.${tenth}`}${space}${unit}`);

const videoGrant = fc.record(
  {
    roomCreate: flag,
    roomList: flag,
    roomRecord: flag,
    roomAdmin: flag,
    roomJoin: flag,
    room: text,
    canPublish: flag,
    canSubscribe: flag,
    canPublishData: flag,
    canPublishSources: fc.array(fc.constantFrom<1 | 2 | 3 | 4>(1, 2, 3, 4), { maxLength: 5 }),
    canUpdateOwnMetadata: flag,
    ingressAdmin: flag,
    hidden: flag,
    recorder: flag,
    agent: flag,
    canSubscribeMetrics: flag,
    canManageAgentSession: flag,
    destinationRoom: text,
  },
  { requiredKeys: [] },
);

const roomConfigInit = fc.record(
  {
    name: text,
    emptyTimeout: fc.nat({ max: 100_000 }),
    departureTimeout: fc.nat({ max: 100_000 }),
    maxParticipants: fc.nat({ max: 1000 }),
    metadata: text,
    minPlayoutDelay: fc.nat({ max: 1000 }),
    maxPlayoutDelay: fc.nat({ max: 1000 }),
    syncStreams: flag,
    agents: fc.array(fc.record({ agentName: text, metadata: text }, { requiredKeys: [] }), { maxLength: 2 }),
    tags: fc.dictionary(text, text, { maxKeys: 2, noNullPrototype: true }),
  },
  { requiredKeys: [] },
);

const tokenInputs = fc.record({
  apiKey: fc.constantFrom(...(Object.keys(keys) as (keyof typeof keys)[])),
  nowMs: fc.integer({ min: 1_500_000_000_000, max: 2_100_000_000_000 }),
  identity: fc.option(text, { nil: undefined }),
  name: fc.option(text, { nil: undefined }),
  metadata: fc.option(text, { nil: undefined }),
  attributes: fc.option(fc.dictionary(text, text, { maxKeys: 3 }), { nil: undefined }),
  ttl: fc.option(fc.oneof(fc.integer({ min: 1, max: 10_000_000 }), durationText), { nil: undefined }),
  // One or two addGrant calls, merged.
  video: fc.option(fc.array(videoGrant, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  sip: fc.option(fc.record({ admin: flag, call: flag }, { requiredKeys: [] }), { nil: undefined }),
  inference: fc.option(fc.record({ perform: flag }, { requiredKeys: [] }), { nil: undefined }),
  observability: fc.option(fc.record({ write: flag }, { requiredKeys: [] }), { nil: undefined }),
  kind: fc.option(fc.constantFrom(...kinds), { nil: undefined }),
  roomConfig: fc.option(roomConfigInit, { nil: undefined }),
  roomPreset: fc.option(
    text.filter((s) => s !== ""),
    { nil: undefined },
  ),
  sha256: fc.option(
    fc.base64String({ minLength: 4, maxLength: 44 }).filter((s) => s !== ""),
    { nil: undefined },
  ),
  // Give canPublishSources to our token as names (true) or as TrackSource numbers, as the SDK takes them.
  sourcesAsNames: flag,
});

type TokenInputs = typeof tokenInputs extends fc.Arbitrary<infer T> ? T : never;

function sdkToken(input: TokenInputs): SdkAccessToken {
  const { apiKey, identity, name, metadata, attributes, ttl } = input;
  const token = new SdkAccessToken(apiKey, keys[apiKey], { identity, name, metadata, attributes, ttl });
  // The SDK maps canPublishSources in place when signing: give it its own copies.
  for (const grant of input.video ?? [])
    token.addGrant({ ...grant, ...(grant.canPublishSources && { canPublishSources: [...grant.canPublishSources] }) });
  if (input.sip !== undefined) token.addSIPGrant(input.sip);
  if (input.inference !== undefined) token.addInferenceGrant(input.inference);
  if (input.observability !== undefined) token.addObservabilityGrant(input.observability);
  if (input.kind !== undefined) token.kind = input.kind;
  // protobuf-es v1 messages serialize (toJSON) with their default values written.
  if (input.roomConfig !== undefined) token.roomConfig = new RoomConfiguration(input.roomConfig);
  if (input.roomPreset !== undefined) token.roomPreset = input.roomPreset;
  if (input.sha256 !== undefined) token.sha256 = input.sha256;
  return token;
}

function ourToken(input: TokenInputs): AccessToken {
  const { apiKey, identity, name, metadata, attributes, ttl, kind, roomPreset, sha256 } = input;
  const options: AccessTokenOptions = {
    identity,
    name,
    metadata,
    attributes,
    ttl,
    kind,
    roomPreset,
    sha256,
    // The generated writer, with defaults written as the SDK writes them.
    roomConfig:
      input.roomConfig === undefined
        ? undefined
        : (RoomConfigurationJsonWriter.encode(input.roomConfig, { alwaysEmitImplicit: true }) as AccessTokenOptions["roomConfig"]),
  };
  const token = new AccessToken(apiKey, keys[apiKey], options);
  for (const grant of input.video ?? []) {
    const sources = grant.canPublishSources?.map((n): TrackSourceInput => (input.sourcesAsNames ? sourceNames[n - 1]! : n));
    token.addGrant({ ...grant, ...(sources && { canPublishSources: sources }) });
  }
  if (input.sip !== undefined) token.addSIPGrant(input.sip);
  if (input.inference !== undefined) token.addInferenceGrant(input.inference);
  if (input.observability !== undefined) token.addObservabilityGrant(input.observability);
  return token;
}

/** Both rejections, or both tokens. */
async function settle(sign: () => Promise<string>): Promise<{ token?: string; error?: unknown }> {
  try {
    return { token: await sign() };
  } catch (error) {
    return { error };
  }
}

describe("AccessToken, against livekit-server-sdk", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes the SDK's claims for any options and grants, and both verifiers accept the token", async () => {
    const runs = { signed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(tokenInputs, async (input) => {
        vi.setSystemTime(input.nowMs);
        const sdk = await settle(() => sdkToken(input).toJwt());
        const ours = await settle(() => ourToken(input).toJwt());
        if (sdk.error !== undefined) {
          // The one refusal both make: a join token without an identity.
          expect(String(sdk.error)).toMatch(/identity is required for join/);
          expect(ours.error).toBeInstanceOf(AccessTokenError);
          expect((ours.error as AccessTokenError).field).toBe("identity");
          runs.refused++;
          return;
        }
        expect(ours.error).toBeUndefined();
        const claims = payloadOf(ours.token!);
        expect(claims).toEqual(payloadOf(sdk.token!));

        // The SDK's verifier (jose) accepts our token and returns the same claims.
        const fromSdk = await new SdkTokenVerifier(input.apiKey, keys[input.apiKey]).verify(ours.token!);
        expect({ ...fromSdk }).toEqual(claims);
        // Ours, directly and as the Twirp servers' auth.
        const verified = await new TokenVerifier({ keys }).verify(ours.token!);
        expect(verified).toEqual({ apiKey: input.apiKey, claims });
        const auth = livekitAuth({ keys });
        const authenticated = await auth.authenticate(new Headers({ authorization: `Bearer ${ours.token}` }), call);
        const video = claims["video"] as Record<string, unknown> | undefined;
        if (video !== undefined) {
          const { canPublishSources: _, ...scalars } = video;
          await auth.authorize!(authenticated, { video: scalars }, call);
        }
        runs.signed++;
      }),
      { seed: 20_260_501, numRuns: 400 },
    );
    expect(runs.signed + runs.refused).toBe(400);
    expect(runs.refused).toBeGreaterThan(0);
    expect(runs.signed).toBeGreaterThan(300);
  });

  it.each([
    [30, 30],
    [1.5, 2],
    ["30s", 30],
    ["10m", 600],
    ["2h", 7200],
    ["1d", 86_400],
    ["2 days", 172_800],
    ["1.5h", 5400],
    ["1w", 604_800],
    ["1y", 31_557_600],
    ["10 Minutes", 600],
    ["+10m", 600],
    ["10m from now", 600],
  ])("a ttl of %j lasts %i s, as the SDK's", async (ttl, seconds) => {
    vi.setSystemTime(1_800_000_000_500);
    const ours = payloadOf(await new AccessToken("APIkeyOne", keys.APIkeyOne, { ttl }).toJwt());
    const sdk = payloadOf(await new SdkAccessToken("APIkeyOne", keys.APIkeyOne, { ttl }).toJwt());
    expect(ours).toEqual({ iss: "APIkeyOne", nbf: 1_800_000_000, exp: 1_800_000_000 + seconds });
    expect(ours).toEqual(sdk);
  });

  it("defaults to six hours, as the SDK, and the ttl can be set after construction", async () => {
    vi.setSystemTime(1_800_000_000_000);
    const token = new AccessToken("APIkeyOne", keys.APIkeyOne);
    expect(token.ttl).toBe("6h");
    expect(payloadOf(await token.toJwt())["exp"]).toBe(1_800_000_000 + 6 * 3600);
    token.ttl = "15m";
    expect(payloadOf(await token.toJwt())["exp"]).toBe(1_800_000_000 + 900);
  });
});

describe("AccessToken claims", () => {
  it("writes a join token as LiveKit reads it", async () => {
    const token = new AccessToken("APIkeyOne", keys.APIkeyOne, {
      identity: "alice",
      name: "Alice",
      metadata: '{"role":"host"}',
      attributes: { team: "blue" },
      kind: "agent",
      ttl: "10m",
      roomConfig: { name: "standup", emptyTimeout: 300, agents: [{ agentName: "note-taker" }] },
    })
      .addGrant({ roomJoin: true, room: "standup", canPublishSources: ["camera", 2] })
      .addGrant({ canSubscribe: true });
    const claims = token.claims(1_800_000_000_999);
    expect(claims).toEqual({
      video: { roomJoin: true, room: "standup", canPublishSources: ["camera", "microphone"], canSubscribe: true },
      name: "Alice",
      metadata: '{"role":"host"}',
      attributes: { team: "blue" },
      kind: "agent",
      roomConfig: { name: "standup", emptyTimeout: 300, agents: [{ agentName: "note-taker" }] },
      iss: "APIkeyOne",
      exp: 1_800_000_600,
      nbf: 1_800_000_000,
      sub: "alice",
    });
    const jwt = await token.toJwt();
    expect(JSON.parse(Buffer.from(jwt.split(".")[0]!, "base64url").toString())).toEqual({ alg: "HS256", typ: "JWT" });
    expect((await new TokenVerifier({ keys }).verify(jwt)).claims).toMatchObject({ sub: "alice", video: { roomJoin: true } });
  });

  it("writes no sub, name or metadata for empty strings, and no jti (as livekit-server-sdk 2.19)", () => {
    const claims = new AccessToken("APIkeyOne", keys.APIkeyOne, { identity: "", name: "", metadata: "" })
      .addGrant({ roomList: true })
      .claims(0);
    expect(claims).toEqual({ video: { roomList: true }, iss: "APIkeyOne", exp: 6 * 3600, nbf: 0 });
  });

  it("a later addGrant overrides or removes (undefined) what an earlier one set", () => {
    const token = new AccessToken("APIkeyOne", keys.APIkeyOne).addGrant({ roomAdmin: true, room: "a", hidden: true });
    token.addGrant({ room: "b", hidden: undefined });
    expect(token.claims(0)["video"]).toEqual({ roomAdmin: true, room: "b" });
  });

  it("signs the same token twice (the SDK's second toJwt with canPublishSources throws)", async () => {
    const token = new AccessToken("APIkeyOne", keys.APIkeyOne, { identity: "a" }).addGrant({ roomJoin: true, canPublishSources: [1] });
    expect(payloadOf(await token.toJwt())).toEqual(payloadOf(await token.toJwt()));
    const sdk = new SdkAccessToken("APIkeyOne", keys.APIkeyOne, { identity: "a" });
    sdk.addGrant({ roomJoin: true, canPublishSources: [1] });
    await sdk.toJwt();
    await expect(sdk.toJwt()).rejects.toThrow(TypeError);
  });

  it("keeps its own frozen copy of attributes and roomConfig", () => {
    const attributes: Record<string, string> = { a: "1" };
    const roomConfig = { name: "r", agents: [{ agentName: "x" }] };
    const token = new AccessToken("APIkeyOne", keys.APIkeyOne, { attributes, roomConfig });
    attributes["b"] = "2";
    roomConfig.agents[0]!.agentName = "changed";
    expect(token.claims(0)).toMatchObject({ attributes: { a: "1" }, roomConfig: { name: "r", agents: [{ agentName: "x" }] } });
    expect(Object.isFrozen(token.roomConfig)).toBe(true);
    expect(Object.isFrozen(token.attributes)).toBe(true);
  });

  it("writes roomConfig as given: proto3 JSON without defaults is what LiveKit reads too", async () => {
    const roomConfig = RoomConfigurationJsonWriter.encode({ name: "r", agents: [{ agentName: "x" }] }) as AccessTokenOptions["roomConfig"];
    expect(new AccessToken("APIkeyOne", keys.APIkeyOne, { roomConfig }).claims(0)["roomConfig"]).toEqual({
      name: "r",
      agents: [{ agentName: "x" }],
    });
  });
});

describe("AccessToken refuses bad input before signing", () => {
  let sign: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    sign = vi.spyOn(crypto.subtle, "sign");
  });
  afterEach(() => {
    expect(sign).not.toHaveBeenCalled();
    sign.mockRestore();
  });

  /** The AccessTokenError thrown (or rejected with) by making and signing the token. */
  async function refusal(make: () => AccessToken): Promise<AccessTokenError> {
    let error: unknown;
    try {
      await make().toJwt();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(AccessTokenError);
    expect(error).toBeInstanceOf(TypeError);
    return error as AccessTokenError;
  }

  const token = (options?: AccessTokenOptions) => new AccessToken("APIkeyOne", keys.APIkeyOne, options);
  const bad = <T>(value: unknown) => value as T;

  it.each([
    ["no identity", undefined],
    ["an empty identity", ""],
  ])("a join token with %s", async (_, identity) => {
    const error = await refusal(() => token({ identity }).addGrant({ roomJoin: true, room: "r" }));
    expect(error.field).toBe("identity");
    expect(error.message).toMatch(/^identity: required for a token with video\.roomJoin/);
  });

  it.each([
    0,
    -1,
    0.4,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 60,
    "0s",
    "-10m",
    "10 minutes ago",
    "10",
    "ten minutes",
    "",
    "1e3s",
    "10 m s",
    true,
    {},
  ])("ttl %j", async (ttl) => {
    const error = await refusal(() => token({ ttl: bad<string>(ttl) }));
    expect(error.field).toBe("ttl");
    expect(error.message).toMatch(/^ttl: expected /);
  });

  it("ttl set after construction", async () => {
    const error = await refusal(() => {
      const t = token();
      t.ttl = -5;
      return t;
    });
    expect(error.message).toBe("ttl: expected a lifetime of at least one second, got -5");
  });

  it.each([
    [["camera", "webcam"], "video.canPublishSources[1]", /got "webcam"/],
    [["CAMERA"], "video.canPublishSources[0]", /got "CAMERA"/],
    [[0], "video.canPublishSources[0]", /got 0$/],
    [[5], "video.canPublishSources[0]", /got 5$/],
    ["camera", "video.canPublishSources", /expected an array of track sources, got "camera"/],
  ])("canPublishSources %j", async (sources, field, message) => {
    const error = await refusal(() => token({ identity: "a" }).addGrant({ canPublishSources: bad<TrackSourceInput[]>(sources) }));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it.each<[string, () => AccessToken, string, RegExp]>([
    ["roomAdmin: 'yes'", () => token().addGrant({ roomAdmin: bad<boolean>("yes") }), "video.roomAdmin", /expected a boolean, got "yes"/],
    ["room: 5", () => token().addGrant({ room: bad<string>(5) }), "video.room", /expected a string, got 5/],
    ["canPublish: 1", () => token().addGrant({ canPublish: bad<boolean>(1) }), "video.canPublish", /expected a boolean, got 1/],
    [
      "an unknown video field",
      () => token().addGrant(bad<VideoGrant>({ roomjoin: true })),
      "video.roomjoin",
      /unknown grant field \(known: roomCreate, /,
    ],
    [
      "an unknown sip field",
      () => token().addSIPGrant(bad<SIPGrant>({ admin: true, dial: true })),
      "sip.dial",
      /unknown grant field \(known: admin, call\)/,
    ],
    ["sip.call: 'true'", () => token().addSIPGrant({ call: bad<boolean>("true") }), "sip.call", /expected a boolean/],
    [
      "inference.perform: 1",
      () => token().addInferenceGrant(bad<InferenceGrant>({ perform: 1 })),
      "inference.perform",
      /expected a boolean/,
    ],
    [
      "observability.read",
      () => token().addObservabilityGrant(bad<ObservabilityGrant>({ read: true })),
      "observability.read",
      /unknown grant field/,
    ],
    ["a grant that is no object", () => token().addGrant(bad<VideoGrant>(["roomAdmin"])), "video", /expected a grant object, got an array/],
    [
      "kind 'robot'",
      () => token({ kind: bad<ParticipantKindName>("robot") }),
      "kind",
      /expected one of standard, ingress, egress, sip, agent, connector, bridge, got "robot"/,
    ],
    ["kind 'AGENT'", () => token({ kind: bad<ParticipantKindName>("AGENT") }), "kind", /got "AGENT"/],
    [
      "an attribute that is no string",
      () => token({ attributes: bad<Record<string, string>>({ a: 1 }) }),
      "attributes.a",
      /expected a string, got 1/,
    ],
    [
      "attributes that are no object",
      () => token({ attributes: bad<Record<string, string>>("a=1") }),
      "attributes",
      /expected an object of strings/,
    ],
    ["a name that is no string", () => token({ name: bad<string>(5) }), "name", /expected a string, got 5/],
    ["an identity that is no string", () => token({ identity: bad<string>(42) }), "identity", /expected a string, got 42/],
    ["metadata that is no string", () => token({ metadata: bad<string>({}) }), "metadata", /expected a string, got an object/],
    ["a roomPreset that is no string", () => token({ roomPreset: bad<string>(true) }), "roomPreset", /expected a string/],
    ["a sha256 that is no string", () => token({ sha256: bad<string>(1) }), "sha256", /expected a string/],
    [
      "roomConfig that is no object",
      () => token({ roomConfig: bad<never>("{}") }),
      "roomConfig",
      /expected a RoomConfiguration as a proto3 JSON object/,
    ],
    ["roomConfig as an array", () => token({ roomConfig: bad<never>([]) }), "roomConfig", /got an array/],
    [
      "roomConfig with NaN",
      () => token({ roomConfig: bad<never>({ emptyTimeout: Number.NaN }) }),
      "roomConfig.emptyTimeout",
      /expected a JSON value, got NaN/,
    ],
    [
      "roomConfig with a function",
      () => token({ roomConfig: bad<never>({ agents: [{ agentName: () => "x" }] }) }),
      "roomConfig.agents[0].agentName",
      /got a function/,
    ],
    [
      "roomConfig with undefined in a list",
      () => token({ roomConfig: bad<never>({ agents: [undefined] }) }),
      "roomConfig.agents[0]",
      /got undefined/,
    ],
    ["roomConfig with a Date", () => token({ roomConfig: bad<never>({ name: new Date(0) }) }), "roomConfig.name", /got a Date/],
    ["roomConfig with a bigint", () => token({ roomConfig: bad<never>({ emptyTimeout: 5n }) }), "roomConfig.emptyTimeout", /got 5n/],
    [
      "an unknown option",
      () => token(bad<AccessTokenOptions>({ identity: "a", room: "r" })),
      "options.room",
      /unknown option \(known: ttl, name, identity/,
    ],
    ["options that are no object", () => token(bad<AccessTokenOptions>("alice")), "options", /expected an object, got "alice"/],
    ["no API key", () => new AccessToken("", "secret"), "apiKey", /expected a non-empty string/],
    ["no API secret", () => new AccessToken("key", bad<string>(undefined)), "apiSecret", /expected a non-empty string/],
  ])("%s", async (_, make, field, message) => {
    const error = await refusal(make);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.message).toMatch(message);
  });

  it("a cyclic roomConfig", async () => {
    const config: Record<string, unknown> = { name: "r" };
    config["self"] = config;
    const error = await refusal(() => token({ roomConfig: bad<never>(config) }));
    expect(error.message).toBe("roomConfig.self: expected JSON, got a cycle");
  });
});
