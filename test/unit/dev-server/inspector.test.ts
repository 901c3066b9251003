// The inspector (packages/dev-server/src/inspector.ts) in-process, without a browser: GET / and
// the first server-sent event of GET /events, after creating state that holds secrets (an
// ingress stream key, an egress stream URL with a key, a SIP trunk password, a dispatch rule
// PIN, the room's TURN password), must show the state and none of the secrets; the routes leave
// Twirp and its authenticate-first rule alone.
import {
  AccessToken,
  DataPacket_Kind,
  EgressClient,
  IngressClient,
  IngressInput,
  RoomServiceClient,
  SipClient,
  StreamOutput,
  StreamProtocol,
} from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, SimulatorClient, startDevServer } from "livekit-dev-server";

const apiKey = "APIinspector";
const apiSecret = "inspector-secret-4f2a9c1e7b3d5a8f0e6c";
const egressStreamKey = "egress-stream-key-9d8c7b6a";
const sipPassword = "sip-password-1a2b3c4d";
const sipPin = "739182";
let server: DevServer;
let token: string;
const failures: unknown[] = [];

beforeAll(async () => {
  server = await startDevServer({ port: 0, keys: { [apiKey]: apiSecret }, onError: (error) => failures.push(error) });
  const at = new AccessToken(apiKey, apiSecret);
  at.addGrant({ roomAdmin: true, roomCreate: true, roomList: true, room: "" });
  token = await at.toJwt();
});
afterAll(async () => {
  await server.close();
  expect(failures).toEqual([]);
});

/** The first `data:` event of GET /events, within `ms`. */
async function firstEvent(url: string, ms = 5000): Promise<{ text: string; headers: Headers }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(new Error(`no server-sent event from ${url} within ${ms} ms`)), ms);
  try {
    const response = await fetch(url, { signal: abort.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`GET /events ended before a data event: ${JSON.stringify(buffer)}`);
      buffer += value;
      const event = buffer.split("\n\n").find((block) => block.startsWith("data: "));
      if (event !== undefined) {
        await reader.cancel();
        return { text: event.slice("data: ".length), headers: response.headers };
      }
    }
  } finally {
    clearTimeout(timer);
  }
}

describe("the inspector's routes", () => {
  it("show the state, and no secret, token or stream key", async () => {
    const auth = { apiKey, apiSecret };
    const rooms = new RoomServiceClient(server.url, apiKey, apiSecret);
    await rooms.createRoom({ name: "inspected-room" });
    await new SimulatorClient(server.url, { auth }).join({ room: "inspected-room", identity: "alice" });
    await rooms.sendData("inspected-room", new TextEncoder().encode("payload-not-shown"), DataPacket_Kind.RELIABLE, { topic: "chat" });
    const ingress = await new IngressClient(server.url, apiKey, apiSecret).createIngress(IngressInput.RTMP_INPUT, {
      name: "obs",
      roomName: "inspected-room",
      participantIdentity: "streamer",
    });
    expect(ingress.streamKey).not.toBe("");
    await new EgressClient(server.url, apiKey, apiSecret).startRoomCompositeEgress(
      "inspected-room",
      new StreamOutput({ protocol: StreamProtocol.RTMP, urls: [`rtmp://user:pw@a.rtmp.example.com/live2/${egressStreamKey}`] }),
    );
    const sip = new SipClient(server.url, apiKey, apiSecret);
    await sip.createSipInboundTrunk("trunk", ["+15105550100"], { authUsername: "sipuser", authPassword: sipPassword });
    await sip.createSipDispatchRule({ type: "direct", roomName: "inspected-room", pin: sipPin });
    const turnPassword = server.rooms.find("inspected-room")!.room.turnPassword;
    expect(turnPassword).not.toBe("");

    // Requests carry a token: it must not come back either.
    const page = await fetch(`${server.url}/`, { headers: { authorization: `Bearer ${token}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain("<noscript>");
    const { text, headers } = await firstEvent(`${server.url}/events`);
    expect(headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const snapshot = JSON.parse(text);
    expect(snapshot.rooms.map((r: { name: string }) => r.name)).toEqual(["inspected-room"]);
    expect(snapshot.rooms[0].participants.map((p: { identity: string }) => p.identity)).toEqual(["alice"]);
    expect(snapshot.rooms[0].data).toEqual([{ topic: "chat", bytes: 17, kind: "RELIABLE", recipients: 1 }]);
    expect(snapshot.ingress[0]).toMatchObject({ ingressId: ingress.ingressId, streamKey: "set (hidden)" });
    expect(snapshot.egress[0].kind).toBe("roomComposite");
    expect(snapshot.sip.inboundTrunks[0].auth).toBe(true);
    expect(snapshot.sip.dispatchRules[0]).toMatchObject({ room: "inspected-room", pin: true });
    for (const [what, body] of [
      ["GET /", html],
      ["GET /events", text],
    ] as const) {
      for (const [name, secret] of Object.entries({
        apiSecret,
        token,
        "the token's signature": token.split(".")[2]!,
        "ingress stream key": ingress.streamKey,
        "egress stream key": egressStreamKey,
        "egress URL password": "user:pw",
        "SIP password": sipPassword,
        "SIP PIN": sipPin,
        "TURN password": turnPassword,
        "the data payload": "payload-not-shown",
      })) {
        expect(body.includes(secret), `${what} shows the ${name}`).toBe(false);
      }
    }
  });

  it("leave Twirp alone: other paths and methods are authenticated first", async () => {
    expect((await fetch(`${server.url}/`, { method: "POST" })).status).toBe(401);
    expect((await fetch(`${server.url}/events/x`)).status).toBe(401);
    expect((await fetch(`${server.url}/twirp/livekit.RoomService/ListRooms`, { method: "POST" })).status).toBe(401);
    const listed = await fetch(`${server.url}/twirp/livekit.RoomService/ListRooms`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(listed.status).toBe(200);
  });

  it("refuses a Host that is a DNS name (DNS rebinding)", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${server.url}/`, { headers: { host: "attacker.example" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});
