// Calls that ring (CreateSIPParticipant with waitUntilAnswered, TransferSIPParticipant) wait for
// the callee: their timeout covers the ringing timeout plus 2 s, as livekit-server-sdk's
// SipClient sets it (its dialRequestTimeout: max(timeout, ringing + 2 s), ringing 30 s when unset).
import { SIPClient } from "livekit-room-api/livekit_sip_twirp";
import { ringingTimeoutMs } from "protoc-gen-livekit-runtime/livekit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerJson, startServer, type TestServer } from "../../support/twirp-server.js";

describe("ringingTimeoutMs", () => {
  it("is the ringing Duration plus 2 s, 30 s when unset or zero", () => {
    expect(ringingTimeoutMs({}, "ringingTimeout")).toBe(32_000);
    expect(ringingTimeoutMs({ ringingTimeout: { seconds: 0n } }, "ringingTimeout")).toBe(32_000);
    expect(ringingTimeoutMs({ ringingTimeout: { seconds: 45n } }, "ringingTimeout")).toBe(47_000);
    expect(ringingTimeoutMs({ ringingTimeout: { seconds: 45, nanos: 500_000_000 } }, "ringingTimeout")).toBe(47_500);
    expect(ringingTimeoutMs({ ringingTimeout: { seconds: "60" } }, "ringingTimeout")).toBe(62_000);
  });

  it("applies only while the `when` field is true", () => {
    expect(ringingTimeoutMs({ waitUntilAnswered: true }, "ringingTimeout", "waitUntilAnswered")).toBe(32_000);
    expect(ringingTimeoutMs({ waitUntilAnswered: false }, "ringingTimeout", "waitUntilAnswered")).toBe(0);
    expect(ringingTimeoutMs({ waitUntilAnswered: "yes" }, "ringingTimeout", "waitUntilAnswered")).toBe(0);
  });

  it("never throws and stays within setTimeout's range, whatever the request holds", () => {
    const hostile = Object.defineProperty({}, "ringingTimeout", {
      get() {
        throw new Error("boom");
      },
    });
    expect(ringingTimeoutMs(hostile, "ringingTimeout")).toBe(0);
    expect(ringingTimeoutMs(null, "ringingTimeout")).toBe(0);
    expect(ringingTimeoutMs({ ringingTimeout: { seconds: -5n } }, "ringingTimeout")).toBe(32_000);
    expect(ringingTimeoutMs({ ringingTimeout: { seconds: 10n ** 15n } }, "ringingTimeout")).toBe(2 ** 31 - 1);
  });
});

describe("SIPClient timeouts of calls that ring", () => {
  let server: TestServer;
  let client: SIPClient;
  beforeAll(async () => {
    server = await startServer(answerJson(200, {}));
    client = new SIPClient(server.url, { auth: { apiKey: "APIringing", apiSecret: "ringing-secret-0123456789-0123456789" } });
  });
  afterAll(() => server.close());

  /** The X-Twirp-Timeout-Ms the client sent with its last call. */
  const sentTimeout = () => server.requests.at(-1)!.headers["x-twirp-timeout-ms"];
  const dial = { sipTrunkId: "ST_1", sipCallTo: "+15550100", roomName: "calls" };

  it("covers the ringing of a call that waits until answered, and only of such a call", async () => {
    await client.createSIPParticipant({ ...dial, waitUntilAnswered: true });
    expect(sentTimeout()).toBe("32000");
    await client.createSIPParticipant({ ...dial, waitUntilAnswered: true, ringingTimeout: { seconds: 45n } });
    expect(sentTimeout()).toBe("47000");
    await client.createSIPParticipant(dial);
    expect(sentTimeout()).toBe("10000");
    await client.transferSIPParticipant({ roomName: "calls", participantIdentity: "sip-1", transferTo: "tel:+15550101" });
    expect(sentTimeout()).toBe("32000");
  });

  it("raises a shorter call timeout as the SDK does, keeps a longer one, and keeps no timeout as none", async () => {
    await client.createSIPParticipant({ ...dial, waitUntilAnswered: true }, { timeoutMs: 5_000 });
    expect(sentTimeout()).toBe("32000");
    await client.createSIPParticipant({ ...dial, waitUntilAnswered: true }, { timeoutMs: 90_000 });
    expect(sentTimeout()).toBe("90000");
    await client.createSIPParticipant({ ...dial, waitUntilAnswered: true }, { timeoutMs: 0 });
    expect(sentTimeout()).toBeUndefined();
  });

  it("leaves RPCs that do not ring at the client's timeout", async () => {
    await client.listSIPInboundTrunk({});
    expect(sentTimeout()).toBe("10000");
  });
});
