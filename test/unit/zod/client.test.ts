// Client option `validate: <Service>Validators`: each request runs through its Zod schema before anything is
// sent. A bad request is a TwirpError invalid_argument with the issues in its meta, and the
// real server on 127.0.0.1 sees nothing; a good one is sent as the schema converted it.
import { TwirpError } from "livekit-room-api";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { RoomServiceValidators } from "livekit-room-api/livekit_room_zod";
import { beforeEach, describe, expect, it } from "vitest";
import { ThingServiceClient } from "../../fixtures/golden/service_twirp.js";
import { ThingServiceValidators } from "../../fixtures/golden/service_zod.js";
import { serverPerFile, type TestServer } from "../../support/twirp-server.js";

const serverOf = serverPerFile();
let server: TestServer;
beforeEach(() => {
  server = serverOf();
});

/** The TwirpError a call rejects with (the fixture clients have their own copy of the class). */
async function rejection(call: Promise<unknown>, errorClass: typeof TwirpError = TwirpError): Promise<TwirpError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof errorClass)) throw new Error(`expected a TwirpError, got ${String(error)}`);
  return error;
}

describe("validate: RoomServiceValidators", () => {
  it("rejects a bad request as invalid_argument with every issue in meta, and sends nothing", async () => {
    const client = new RoomServiceClient(server.url, { validate: RoomServiceValidators, auth: { token: "t" } });
    const error = await rejection(client.mutePublishedTrack({ room: "", identity: "p", muted: true }));
    expect(error.code).toBe("invalid_argument");
    expect(error.status).toBe(0);
    expect(error.msg).toBe(
      "invalid livekit.MuteRoomTrackRequest: room: Too small: expected string to have >=1 characters; trackSid: Invalid input: expected string, received undefined",
    );
    expect(error.meta["argument"]).toBe("room");
    expect(JSON.parse(error.meta["issues"]!)).toEqual([
      { code: "too_small", path: ["room"], message: "Too small: expected string to have >=1 characters" },
      { code: "invalid_type", path: ["trackSid"], message: "Invalid input: expected string, received undefined" },
    ]);
    expect(server.requests).toEqual([]);
  });

  it("names nested paths and unknown keys", async () => {
    const client = new RoomServiceClient(server.url, { validate: RoomServiceValidators });
    const request = { name: "r", agents: [{ agentName: "a", metadta: "x" }] };
    const error = await rejection(client.createRoom(request as never));
    expect(error.meta["argument"]).toBe("agents.0");
    expect(error.msg).toContain('agents.0: Unrecognized key: "metadta"');
    expect(server.requests).toEqual([]);
  });

  it("sends a good request as the schema converts it (base64, enum names, decimal strings)", async () => {
    const client = new RoomServiceClient(server.url, { validate: RoomServiceValidators });
    const untrusted: unknown = JSON.parse('{"room": "r", "data": "aGkh", "kind": "LOSSY", "destinationIdentities": [], "topic": "t"}');
    await client.sendData(untrusted as never);
    await client.removeParticipant(JSON.parse('{"room": "r", "identity": "p", "revokeTokenTs": "1700000000"}') as never);
    expect(server.requests.map((r) => JSON.parse(r.body.toString("utf8")) as unknown)).toEqual([
      { room: "r", data: "aGkh", kind: "LOSSY", topic: "t" },
      { room: "r", identity: "p", revokeTokenTs: "1700000000" },
    ]);
  });

  it("checks requests of well-known types too", async () => {
    const client = new ThingServiceClient(server.url, { validate: ThingServiceValidators });
    const error = await rejection(client.ping({ x: 1 } as never), TwirpError);
    expect(error.code).toBe("invalid_argument");
    expect(error.msg).toBe('invalid google.protobuf.Empty: (request): Unrecognized key: "x"');
    expect(server.requests).toEqual([]);
  });

  it("is off by default: the same bad request goes to the server", async () => {
    await new RoomServiceClient(server.url).mutePublishedTrack({ room: "", identity: "p", muted: true });
    expect(server.requests).toHaveLength(1);
  });

  it("refuses the validators of another service", () => {
    expect(() => new RoomServiceClient(server.url, { validate: ThingServiceValidators as never })).toThrow(
      "validate: expected the validators of livekit.RoomService, got those of fixtures.service.ThingService",
    );
  });

  it.each([
    [
      "a throwing getter",
      "removeParticipant",
      () =>
        Object.defineProperty({ room: "r" }, "identity", {
          enumerable: true,
          get: () => {
            throw new Error("getter");
          },
        }),
    ],
    [
      "a revoked proxy",
      "removeParticipant",
      () => {
        const { proxy, revoke } = Proxy.revocable({ room: "r" }, {});
        revoke();
        return proxy;
      },
    ],
    [
      "a cyclic object",
      "removeParticipant",
      () => {
        const request: Record<string, unknown> = { room: "r", identity: "p" };
        request.self = request;
        return request;
      },
    ],
    [
      "a very long base64 string",
      "sendData",
      () => ({ room: "r", data: "A".repeat(4_500_001), kind: "RELIABLE", destinationIdentities: [] }),
    ],
  ] as const)("turns %s into invalid_argument, sending nothing", async (_name, method, make) => {
    const client = new RoomServiceClient(server.url, { validate: RoomServiceValidators });
    const error = await rejection(client[method](make() as never));
    expect(error.code).toBe("invalid_argument");
    expect(server.requests).toEqual([]);
  });
});
