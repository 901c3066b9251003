// Webhooks from the dev server (`--webhook <url>`, `startDevServer({ webhooks })`): a receiver on
// 127.0.0.1 verifies every delivery with livekit-server-sdk's WebhookReceiver and ours, and
// checks the events LiveKit would send, in LiveKit's order, with unique ids; a failing receiver
// gets retries; a receiver that never answers slows no RPC; a full queue drops its oldest.
// Every wait is bounded (`waitFor`) and fails with what it waited for.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  EgressClient as SdkEgressClient,
  EncodedFileOutput,
  IngressClient as SdkIngressClient,
  IngressInput as SdkIngressInput,
  RoomServiceClient,
  WebhookReceiver as SdkWebhookReceiver,
} from "livekit-server-sdk";
import { EgressStatus } from "livekit-room-api/livekit_egress_pb";
import { IngressState_Status } from "livekit-room-api/livekit_ingress_pb";
import { ParticipantInfo_Kind, ParticipantInfo_State, TrackType } from "livekit-room-api/livekit_models_pb";
import type { WebhookEvent } from "livekit-room-api/livekit_webhook_pb";
import { WebhookEventJsonReader } from "livekit-room-api/livekit_webhook_json";
import { WebhookReceiver } from "protoc-gen-livekit-runtime/livekit";
import { afterEach, describe, expect, it } from "vitest";
import { type DevServer, type DevServerOptions, SimulatorClient, startDevServer } from "livekit-dev-server";
import type { DevServerEvent } from "../../../packages/dev-server/src/events.js";
import { showUrl } from "../../../packages/dev-server/src/webhooks.js";

const apiKey = "webhookkey";
const apiSecret = "webhook-secret-that-must-not-leak";
const keys = { [apiKey]: apiSecret, other: "other-secret" };
const auth = { apiKey, apiSecret };

/** Polls until `condition` holds; fails with `what` after `timeoutMs` (never hangs). */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Received {
  readonly event: WebhookEvent;
  readonly sdkEvent: { event?: string; id?: string };
  readonly contentType: string | undefined;
  readonly body: string;
}

/** How the receiver answers the n-th request (from 1): a status, or "hang" (never answers until released). */
type Answer = (n: number, body: string) => number | "hang";

interface Receiver {
  readonly url: string;
  /** Verified events, in the order they arrived. */
  readonly events: Received[];
  /** Every request, verified or not. */
  requests: number;
  /** Deliveries that did not verify: must stay empty. */
  readonly refused: unknown[];
  /** Answers every hanging request with 200, and later ones at once. */
  release(): void;
  close(): Promise<void>;
}

const ours = new WebhookReceiver({ keys, event: WebhookEventJsonReader });
const sdk = new SdkWebhookReceiver(apiKey, apiSecret);

async function startReceiver(answer: Answer = () => 200): Promise<Receiver> {
  const hanging: { response: ServerResponse; received: Received }[] = [];
  let released = false;
  const receiver: Omit<Receiver, "url" | "close"> & { server?: Server } = {
    events: [],
    requests: 0,
    refused: [],
    release() {
      released = true;
      for (const { response, received } of hanging.splice(0)) {
        receiver.events.push(received);
        response.writeHead(200).end();
      }
    },
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const n = ++receiver.requests;
      const body = Buffer.concat(chunks).toString("utf8");
      void (async () => {
        try {
          const [event, sdkEvent] = await Promise.all([
            ours.receive(body, request.headers.authorization),
            sdk.receive(body, request.headers.authorization),
          ]);
          const received: Received = { event, sdkEvent, contentType: request.headers["content-type"], body };
          const status = released ? 200 : answer(n, body);
          if (status === "hang") {
            hanging.push({ response, received });
            return;
          }
          if (status >= 200 && status < 300) receiver.events.push(received);
          response.writeHead(status).end();
        } catch (error) {
          receiver.refused.push(error);
          response.writeHead(401).end();
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/livekit/webhook`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

async function setup(answer?: Answer, options: DevServerOptions = {}) {
  const receiver = await startReceiver(answer);
  cleanup.push(() => receiver.close());
  const failures: unknown[] = [];
  const server: DevServer = await startDevServer({
    port: 0,
    keys,
    webhooks: [receiver.url],
    webhookRetryDelaysMs: [10, 20, 40],
    onError: (error) => failures.push(error),
    ...options,
  });
  cleanup.push(async () => {
    await server.close();
    expect(failures).toEqual([]);
  });
  return { receiver, server };
}

describe("webhooks: every event, verified by livekit-server-sdk's WebhookReceiver and ours", () => {
  it("sends LiveKit's events in LiveKit's order, with unique ids, createdAt and the fields LiveKit fills", async () => {
    const { receiver, server } = await setup(undefined, { manualClock: true });
    const seen: DevServerEvent[] = [];
    const unsubscribe = server.events.subscribe((event) => seen.push(event));
    const rooms = new RoomServiceClient(server.url, apiKey, apiSecret);
    const egress = new SdkEgressClient(server.url, apiKey, apiSecret);
    const ingress = new SdkIngressClient(server.url, apiKey, apiSecret);
    const simulator = new SimulatorClient(server.url, { auth });

    const room = await rooms.createRoom({ name: "wh-room" });
    const alice = await simulator.join({ room: "wh-room", identity: "alice", tracks: [{ type: TrackType.AUDIO, name: "mic" }] });
    await rooms.removeParticipant("wh-room", "alice");
    const started = await egress.startRoomCompositeEgress("wh-room", { file: new EncodedFileOutput({ filepath: "out.mp4" }) });
    await simulator.advanceClock({ seconds: 1 });
    await egress.listEgress({ roomName: "wh-room" }); // the egress becomes active
    await egress.stopEgress(started.egressId);
    const rtmp = await ingress.createIngress(SdkIngressInput.RTMP_INPUT, { roomName: "wh-room", participantIdentity: "encoder" });
    await simulator.startIngressStream({ ingressId: rtmp.ingressId });
    await simulator.stopIngressStream({ ingressId: rtmp.ingressId });
    await rooms.deleteRoom("wh-room");

    const expected = [
      "room_started",
      "participant_joined",
      "track_published",
      "track_unpublished",
      "participant_left",
      "egress_started",
      "egress_updated",
      "egress_ended",
      "participant_joined",
      "track_published",
      "track_published",
      "ingress_started",
      "track_unpublished",
      "track_unpublished",
      "participant_left",
      "ingress_ended",
      "room_finished",
    ];
    await waitFor(() => receiver.events.length >= expected.length, `${expected.length} webhooks (got ${receiver.events.length})`);
    expect(receiver.refused).toEqual([]);
    const events = receiver.events.map((r) => r.event);
    expect(events.map((e) => e.event)).toEqual(expected);
    expect(seen.map((e) => e.type)).toEqual(expected);
    unsubscribe();

    // Both receivers read the same event; the content type is LiveKit's.
    for (const { event, sdkEvent, contentType, body } of receiver.events) {
      expect(contentType).toBe("application/webhook+json");
      expect(sdkEvent.event).toBe(event.event);
      expect(sdkEvent.id).toBe(event.id);
      expect(JSON.parse(body)).toMatchObject({ event: event.event, id: event.id, createdAt: String(event.createdAt) });
      expect(event.id).toMatch(/^EV_[0-9A-Za-z]{12}$/);
      // createdAt in seconds, on the server's (manual) clock.
      expect(Number(event.createdAt)).toBeGreaterThanOrEqual(Number(room.creationTime));
      expect(Number(event.createdAt)).toBeLessThan(Number(room.creationTime) + 60);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

    const [roomStarted, joined, published, unpublished, left, egStarted, egUpdated, egEnded, inJoined, , , inStarted] = events;
    expect(roomStarted!.room).toMatchObject({ sid: room.sid, name: "wh-room", emptyTimeout: 300 });
    expect(joined!.room?.sid).toBe(room.sid);
    expect(joined!.participant).toMatchObject({ sid: alice.sid, identity: "alice", state: ParticipantInfo_State.ACTIVE });
    // Track events carry the room and the participant by sid and name / identity only, as LiveKit's.
    expect(published!.room).toMatchObject({ sid: room.sid, name: "wh-room", emptyTimeout: 0 });
    expect(published!.participant).toMatchObject({ sid: alice.sid, identity: "alice", tracks: [] });
    expect(published!.track).toMatchObject({ sid: alice.tracks[0]!.sid, name: "mic", type: TrackType.AUDIO });
    expect(unpublished!.track?.sid).toBe(alice.tracks[0]!.sid);
    expect(left!.participant).toMatchObject({ sid: alice.sid, state: ParticipantInfo_State.DISCONNECTED });
    expect(egStarted!.egressInfo).toMatchObject({ egressId: started.egressId, status: EgressStatus.EGRESS_STARTING });
    expect(egStarted!.room).toMatchObject({ sid: room.sid, name: "wh-room" });
    expect(egUpdated!.egressInfo?.status).toBe(EgressStatus.EGRESS_ACTIVE);
    expect(egEnded!.egressInfo?.status).toBe(EgressStatus.EGRESS_COMPLETE);
    expect(egEnded!.egressInfo?.fileResults.length).toBe(1);
    expect(inJoined!.participant).toMatchObject({ identity: "encoder", kind: ParticipantInfo_Kind.INGRESS });
    expect(inStarted!.ingressInfo).toMatchObject({ ingressId: rtmp.ingressId, state: { status: IngressState_Status.ENDPOINT_PUBLISHING } });
    expect(inStarted!.room).toMatchObject({ sid: "", name: "wh-room" });
    expect(events[15]!.ingressInfo?.state?.status).toBe(IngressState_Status.ENDPOINT_INACTIVE);
    expect(events[16]!.room?.sid).toBe(room.sid);

    // The log: every delivery delivered at the first attempt, no secret or token in it.
    const log = server.webhooks.deliveries();
    expect(log.map((d) => [d.event, d.status, d.attempts, d.httpStatus])).toEqual(expected.map((e) => [e, "delivered", 1, 200]));
    expect(log.map((d) => d.eventId)).toEqual(events.map((e) => e.id));
    const shown = JSON.stringify(log);
    expect(shown).not.toContain(apiSecret);
    expect(shown).not.toContain("eyJ");
    expect(server.webhooks.queues()).toEqual([{ url: receiver.url, pending: 0, dropped: 0 }]);
  });

  it("retries a failing receiver: two 500s, then the event arrives at the third attempt", async () => {
    const { receiver, server } = await setup((n) => (n <= 2 ? 500 : 200));
    const rooms = new RoomServiceClient(server.url, apiKey, apiSecret);
    await rooms.createRoom({ name: "wh-retry" });
    await waitFor(() => receiver.events.length === 1, "the retried webhook");
    expect(receiver.refused).toEqual([]);
    expect(receiver.requests).toBe(3);
    expect(receiver.events[0]!.event.event).toBe("room_started");
    await waitFor(() => server.webhooks.deliveries()[0]?.status === "delivered", "the log to say delivered");
    expect(server.webhooks.deliveries()[0]).toMatchObject({ status: "delivered", attempts: 3, httpStatus: 200, url: receiver.url });
  });

  it("gives up after the last retry, logs why, and goes on with the next event", async () => {
    const { receiver, server } = await setup((_, body) => (body.includes("room_started") ? 503 : 200));
    const rooms = new RoomServiceClient(server.url, apiKey, apiSecret);
    await rooms.createRoom({ name: "wh-fail" });
    await rooms.deleteRoom("wh-fail");
    await waitFor(() => receiver.events.length === 1, "room_finished after room_started was given up");
    expect(receiver.events[0]!.event.event).toBe("room_finished");
    expect(server.webhooks.deliveries()[0]).toMatchObject({
      event: "room_started",
      status: "failed",
      attempts: 4,
      httpStatus: 503,
      lastError: "HTTP 503",
    });
  });

  it("a receiver that never answers slows no RPC: the RPCs complete while the delivery is still in flight", async () => {
    const { receiver, server } = await setup(() => "hang", { webhookTimeoutMs: 60_000 });
    const rooms = new RoomServiceClient(server.url, apiKey, apiSecret);
    await rooms.createRoom({ name: "wh-slow" });
    await waitFor(() => receiver.requests === 1, "the first delivery to reach the receiver");
    // The receiver holds the first delivery; RPCs go on and their events wait in the queue.
    const simulator = new SimulatorClient(server.url, { auth });
    await simulator.join({ room: "wh-slow", identity: "bob" });
    await rooms.removeParticipant("wh-slow", "bob");
    await rooms.deleteRoom("wh-slow");
    expect((await rooms.listRooms()).map((r) => r.name)).toEqual([]);
    const log = server.webhooks.deliveries();
    expect(log.map((d) => [d.event, d.status])).toEqual([
      ["room_started", "sending"],
      ["participant_joined", "queued"],
      ["participant_left", "queued"],
      ["room_finished", "queued"],
    ]);
    expect(server.webhooks.queues()).toEqual([{ url: receiver.url, pending: 4, dropped: 0 }]);
    expect(receiver.requests).toBe(1); // one delivery in flight per URL
    // Once the receiver answers, the rest follow in order.
    receiver.release();
    await waitFor(() => receiver.events.length === 4, "the queued webhooks after the receiver answered");
    expect(receiver.events.map((r) => r.event.event)).toEqual(["room_started", "participant_joined", "participant_left", "room_finished"]);
  });

  it("a connection refused is retried, then failed, without holding an RPC", async () => {
    const dead = await startReceiver();
    await dead.close(); // nothing listens on its port any more
    const server = await startDevServer({ port: 0, keys, webhooks: [dead.url], webhookRetryDelaysMs: [5, 5] });
    cleanup.push(() => server.close());
    await new RoomServiceClient(server.url, apiKey, apiSecret).createRoom({ name: "wh-dead" });
    await waitFor(() => server.webhooks.deliveries()[0]?.status === "failed", "the delivery to a dead receiver to fail");
    const [delivery] = server.webhooks.deliveries();
    expect(delivery).toMatchObject({ status: "failed", attempts: 3 });
    expect(delivery!.lastError).toMatch(/ECONNREFUSED|fetch failed/);
    expect(delivery!.httpStatus).toBeUndefined();
  });

  it("a full queue drops the oldest waiting event and counts the drop", async () => {
    const { receiver, server } = await setup(() => "hang", { webhookQueueSize: 2, webhookTimeoutMs: 60_000 });
    const rooms = new RoomServiceClient(server.url, apiKey, apiSecret);
    await rooms.createRoom({ name: "q1" });
    await waitFor(() => receiver.requests === 1, "the first delivery to reach the receiver");
    for (const name of ["q2", "q3", "q4", "q5"]) await rooms.createRoom({ name });
    const log = server.webhooks.deliveries();
    expect(log.map((d) => d.status)).toEqual(["sending", "dropped", "dropped", "queued", "queued"]);
    expect(log[1]!.lastError).toBe("queue full (2 waiting)");
    expect(server.webhooks.queues()).toEqual([{ url: receiver.url, pending: 3, dropped: 2 }]);
    receiver.release();
    await waitFor(() => receiver.events.length === 3, "the events left in the queue");
    expect(receiver.events.map((r) => r.event.room?.name)).toEqual(["q1", "q4", "q5"]);
  });

  it("every URL gets every event; the log shows URLs without query values", async () => {
    const second = await startReceiver();
    cleanup.push(() => second.close());
    const withSecrets = `${second.url}?token=abc`;
    const receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    const both = await startDevServer({ port: 0, keys, webhooks: [receiver.url, withSecrets] });
    cleanup.push(() => both.close());
    await new RoomServiceClient(both.url, apiKey, apiSecret).createRoom({ name: "wh-two" });
    await waitFor(() => receiver.events.length === 1 && second.events.length === 1, "the event at both URLs");
    expect(second.events[0]!.event.id).toBe(receiver.events[0]!.event.id);
    const urls = both.webhooks.deliveries().map((d) => d.url);
    expect(urls).toEqual([receiver.url, `${second.url}?token=redacted`]);
    expect(showUrl("https://u:p@example.com/h?a=1&b=2#x")).toBe("https://example.com/h?a=redacted&b=redacted");
  });

  it("no webhooks, no deliveries; a bad URL is refused at start", async () => {
    const server = await startDevServer({ port: 0 });
    cleanup.push(() => server.close());
    await new RoomServiceClient(server.url, "devkey", "secret").createRoom({ name: "quiet" });
    expect(server.webhooks.deliveries()).toEqual([]);
    await expect(startDevServer({ port: 0, webhooks: ["ftp://example.com/"] })).rejects.toThrow("expected http: or https:");
    await expect(startDevServer({ port: 0, webhooks: ["http://u:p@example.com/"] })).rejects.toThrow("user or password");
  });
});
