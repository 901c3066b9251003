// Egress and Ingress on the local room service: livekit-server-sdk's EgressClient and
// IngressClient drive every RPC of `npm run dev-server` (in-process, real HTTP on 127.0.0.1) and
// get what LiveKit answers, errors included; our generated clients do the same; the Simulator
// starts and stops ingress streams, whose participant (kind INGRESS) joins and leaves the room.
import {
  EgressClient as SdkEgressClient,
  EgressStatus as SdkEgressStatus,
  EncodedFileOutput,
  IngressClient as SdkIngressClient,
  IngressInput as SdkIngressInput,
  RoomServiceClient,
  type ServerError,
  StreamOutput,
  StreamProtocol,
} from "livekit-server-sdk";
import { EgressStatus, StreamInfo_Status } from "livekit-room-api/livekit_egress_pb";
import { EgressBinary, EgressClient } from "livekit-room-api/livekit_egress_twirp";
import { IngressInput, IngressState_Status } from "livekit-room-api/livekit_ingress_pb";
import { IngressClient } from "livekit-room-api/livekit_ingress_twirp";
import { ParticipantInfo_Kind } from "livekit-room-api/livekit_models_pb";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, type DevServerOptions, SimulatorClient, startDevServer } from "livekit-dev-server";

const apiKey = "devkey";
const apiSecret = "secret";
const auth = { apiKey, apiSecret };

function devServer(options: DevServerOptions = {}) {
  let server: DevServer | undefined;
  const failures: unknown[] = [];
  beforeAll(async () => {
    server = await startDevServer({ port: 0, onError: (error) => failures.push(error), ...options });
  });
  afterAll(async () => {
    await server?.close();
    // Every error above is one LiveKit answers, none a failure inside the service.
    expect(failures).toEqual([]);
  });
  return () => server!;
}

async function sdkError(call: Promise<unknown>): Promise<{ status: number; code: string | undefined; message: string }> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as ServerError | undefined;
  expect(error, "the call should fail").toBeDefined();
  return { status: error!.status, code: error!.code, message: error!.message };
}

async function twirpError(call: Promise<unknown>): Promise<{ code: string; msg: string }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TwirpError);
  return { code: (error as TwirpError).code, msg: (error as TwirpError).msg };
}

const egressNotFound = { status: 404, code: "not_found", message: "egress does not exist" };
const ingressNotFound = { status: 404, code: "not_found", message: "ingress does not exist" };

describe("livekit-server-sdk EgressClient against the dev server (manual clock)", () => {
  const server = devServer({ manualClock: true });
  let egress: SdkEgressClient;
  let rooms: RoomServiceClient;
  let simulator: SimulatorClient;
  beforeAll(() => {
    egress = new SdkEgressClient(server().url, apiKey, apiSecret);
    rooms = new RoomServiceClient(server().url, apiKey, apiSecret);
    simulator = new SimulatorClient(server().url, { auth });
  });

  it("room composite to a file: STARTING, ACTIVE after the clock moves, COMPLETE with a file result", async () => {
    const room = await rooms.createRoom({ name: "eg-file" });
    const started = await egress.startRoomCompositeEgress(
      "eg-file",
      { file: new EncodedFileOutput({ filepath: "recordings/{room_name}.mp4" }) },
      { layout: "grid" },
    );
    expect(started.egressId).toMatch(/^EG_[0-9A-Za-z]{12}$/);
    expect(started).toMatchObject({ roomName: "eg-file", roomId: room.sid, status: SdkEgressStatus.EGRESS_STARTING, startedAt: 0n });
    expect(started.updatedAt).toBeGreaterThan(0n);
    expect(started.request.case).toBe("roomComposite");
    expect(started.request.case === "roomComposite" && started.request.value.layout).toBe("grid");
    // The clock has not moved: still starting.
    expect((await egress.listEgress({ egressId: started.egressId }))[0]!.status).toBe(SdkEgressStatus.EGRESS_STARTING);

    await simulator.advanceClock({ seconds: 1 });
    const [active] = await egress.listEgress({ egressId: started.egressId });
    expect(active!.status).toBe(SdkEgressStatus.EGRESS_ACTIVE);
    expect(active!.startedAt).toBe(started.updatedAt + 500_000_000n);

    const relaid = await egress.updateLayout(started.egressId, "speaker");
    expect(relaid.request.case === "roomComposite" && relaid.request.value.layout).toBe("speaker");

    await simulator.advanceClock({ seconds: 10 });
    const stopped = await egress.stopEgress(started.egressId);
    expect(stopped.status).toBe(SdkEgressStatus.EGRESS_COMPLETE);
    expect(stopped.endedAt - stopped.startedAt).toBe(10_500_000_000n);
    expect(stopped.fileResults).toHaveLength(1);
    expect(stopped.fileResults[0]).toMatchObject({ filename: "recordings/eg-file.mp4", duration: 10_500_000_000n });
    expect(stopped.fileResults[0]!.size).toBeGreaterThan(1_000_000n);

    expect(await sdkError(egress.stopEgress(started.egressId))).toEqual({
      status: 412,
      code: "failed_precondition",
      message: "egress with status EGRESS_COMPLETE cannot be stopped",
    });
    expect(await sdkError(egress.updateLayout(started.egressId, "grid"))).toMatchObject({
      code: "not_found",
      message: "participant does not exist",
    });
    expect(await sdkError(egress.updateStream(started.egressId, ["rtmp://x/y"]))).toMatchObject({
      code: "failed_precondition",
      message: "egress with status EGRESS_COMPLETE cannot be updated",
    });
  });

  it("streams: UpdateStream adds and removes URLs, StopEgress gives stream results", async () => {
    await rooms.createRoom({ name: "eg-stream" });
    const started = await egress.startRoomCompositeEgress("eg-stream", {
      stream: new StreamOutput({ protocol: StreamProtocol.RTMP, urls: ["rtmp://a/live/1"] }),
    });
    await simulator.advanceClock({ seconds: 1 });
    const updated = await egress.updateStream(started.egressId, ["rtmp://b/live/2"], ["rtmp://a/live/1"]);
    expect(updated.status).toBe(SdkEgressStatus.EGRESS_ACTIVE);
    expect(updated.streamResults.map((s) => [s.url, s.status])).toEqual([
      ["rtmp://a/live/1", StreamInfo_Status.FINISHED],
      ["rtmp://b/live/2", StreamInfo_Status.ACTIVE],
    ]);
    expect(await sdkError(egress.updateStream(started.egressId, [], ["rtmp://nope/x"]))).toEqual({
      status: 404,
      code: "not_found",
      message: "stream rtmp://nope/x not found",
    });
    await simulator.advanceClock({ seconds: 2 });
    const stopped = await egress.stopEgress(started.egressId);
    expect(stopped.status).toBe(SdkEgressStatus.EGRESS_COMPLETE);
    expect(stopped.fileResults).toEqual([]);
    expect(stopped.streamResults.map((s) => [s.url, s.status, s.duration])).toEqual([
      ["rtmp://a/live/1", StreamInfo_Status.FINISHED, 500_000_000n],
      ["rtmp://b/live/2", StreamInfo_Status.FINISHED, 2_000_000_000n],
    ]);
  });

  it("every Start* RPC, and ListEgress by room, by id and active", async () => {
    const room = "eg-all";
    await simulator.join({
      room,
      identity: "alice",
      tracks: [
        { sid: "TR_audio", type: 0 },
        { sid: "TR_video", type: 1 },
      ],
    });
    const file = (filepath: string) => new EncodedFileOutput({ filepath });
    const composite = await egress.startRoomCompositeEgress(room, file("c.mp4"));
    const web = await egress.startWebEgress("https://example.com/page", file("w.mp4"));
    const participant = await egress.startParticipantEgress(room, "alice", { file: file("p.mp4") });
    const trackComposite = await egress.startTrackCompositeEgress(room, file("tc.mp4"), { audioTrackId: "TR_audio" });
    const track = await egress.startTrackEgress(room, "wss://example.com/track", "TR_video");
    expect([composite, web, participant, trackComposite, track].map((e) => [e.request.case, e.status])).toEqual([
      ["roomComposite", SdkEgressStatus.EGRESS_STARTING],
      ["web", SdkEgressStatus.EGRESS_STARTING],
      ["participant", SdkEgressStatus.EGRESS_STARTING],
      ["trackComposite", SdkEgressStatus.EGRESS_STARTING],
      ["track", SdkEgressStatus.EGRESS_STARTING],
    ]);
    expect(web).toMatchObject({ roomName: "", roomId: "" });
    expect(new Set([composite, web, participant, trackComposite, track].map((e) => e.egressId)).size).toBe(5);

    const inRoom = await egress.listEgress({ roomName: room });
    expect(inRoom.map((e) => e.egressId).sort()).toEqual([composite, participant, trackComposite, track].map((e) => e.egressId).sort());
    await egress.stopEgress(participant.egressId);
    const activeInRoom = await egress.listEgress({ roomName: room, active: true });
    expect(activeInRoom.map((e) => e.egressId).sort()).toEqual([composite, trackComposite, track].map((e) => e.egressId).sort());
    // Stopped before it started: it ran for no time.
    const [ended] = await egress.listEgress({ egressId: participant.egressId, active: true });
    expect(ended).toMatchObject({ status: SdkEgressStatus.EGRESS_COMPLETE });
    expect(ended!.fileResults[0]).toMatchObject({ filename: "p.mp4", duration: 0n, size: 0n });
    expect((await egress.listEgress()).length).toBeGreaterThanOrEqual(5);

    expect(await sdkError(egress.updateStream(composite.egressId, ["rtmp://x/y"]))).toEqual({
      status: 400,
      code: "invalid_argument",
      message: "UpdateStream called on non-streaming egress",
    });
    // The room closes: its egresses end.
    await rooms.deleteRoom(room);
    expect(await egress.listEgress({ roomName: room, active: true })).toEqual([]);
    expect((await egress.listEgress({ egressId: composite.egressId }))[0]!.status).toBe(SdkEgressStatus.EGRESS_COMPLETE);
  });

  it("errors as LiveKit gives them", async () => {
    expect(await sdkError(egress.stopEgress("EG_unknown"))).toEqual(egressNotFound);
    expect(await sdkError(egress.updateLayout("EG_unknown", "grid"))).toEqual(egressNotFound);
    expect(await sdkError(egress.updateStream("EG_unknown", ["rtmp://x/y"]))).toEqual(egressNotFound);
    expect(await sdkError(egress.listEgress({ egressId: "EG_unknown" }))).toEqual(egressNotFound);
    expect(await sdkError(egress.startRoomCompositeEgress("no-such-room", new EncodedFileOutput({ filepath: "x.mp4" })))).toEqual({
      status: 404,
      code: "not_found",
      message: "requested room does not exist",
    });
    await rooms.createRoom({ name: "eg-errors" });
    expect(await sdkError(egress.startRoomCompositeEgress("eg-errors", {}))).toEqual({
      status: 400,
      code: "invalid_argument",
      message: "request has missing or invalid field: output",
    });
    // A token signed with another secret is refused before any route.
    const noGrant = new SdkEgressClient(server().url, "devkey", "wrong-secret");
    expect((await sdkError(noGrant.listEgress())).status).toBe(401);
  });
});

describe("livekit-server-sdk EgressClient on the real clock", () => {
  const server = devServer();
  it("an egress is active at the first read 500 ms after it started", async () => {
    const egress = new SdkEgressClient(server().url, apiKey, apiSecret);
    const started = await egress.startWebEgress("https://example.com", new EncodedFileOutput({ filepath: "web.mp4" }));
    expect(started.status).toBe(SdkEgressStatus.EGRESS_STARTING);
    await new Promise((resolve) => setTimeout(resolve, 600));
    const [active] = await egress.listEgress({ egressId: started.egressId });
    expect(active!.status).toBe(SdkEgressStatus.EGRESS_ACTIVE);
    const stopped = await egress.stopEgress(started.egressId);
    expect(stopped.fileResults[0]!.duration).toBeGreaterThanOrEqual(0n);
    expect(stopped.status).toBe(SdkEgressStatus.EGRESS_COMPLETE);
  });
});

describe("livekit-server-sdk IngressClient against the dev server", () => {
  const server = devServer();
  let ingress: SdkIngressClient;
  let rooms: RoomServiceClient;
  let simulator: SimulatorClient;
  beforeAll(() => {
    ingress = new SdkIngressClient(server().url, apiKey, apiSecret);
    rooms = new RoomServiceClient(server().url, apiKey, apiSecret);
    simulator = new SimulatorClient(server().url, { auth });
  });

  it("creates RTMP and WHIP ingresses with stream keys and LiveKit's URLs", async () => {
    const rtmp = await ingress.createIngress(SdkIngressInput.RTMP_INPUT, {
      name: "cam",
      roomName: "in-room",
      participantIdentity: "streamer",
      participantName: "Streamer",
    });
    expect(rtmp.ingressId).toMatch(/^IN_[0-9A-Za-z]{12}$/);
    expect(rtmp.streamKey).toMatch(/^[0-9A-Za-z]{12}$/);
    expect(rtmp).toMatchObject({
      url: "rtmp://127.0.0.1:1935/live",
      reusable: true,
      enableTranscoding: true,
      roomName: "in-room",
      participantIdentity: "streamer",
    });
    expect(rtmp.state?.status).toBe(IngressState_Status.ENDPOINT_INACTIVE);
    const whip = await ingress.createIngress(SdkIngressInput.WHIP_INPUT, { roomName: "in-other", participantIdentity: "w" });
    expect(whip).toMatchObject({ url: "http://127.0.0.1:8080/w", enableTranscoding: false, bypassTranscoding: true });
    const pull = await ingress.createIngress(SdkIngressInput.URL_INPUT, {
      roomName: "in-room",
      participantIdentity: "puller",
      url: "https://example.com/video.mp4",
    });
    expect(pull).toMatchObject({ streamKey: "", url: "https://example.com/video.mp4", reusable: false });

    expect((await ingress.listIngress({ roomName: "in-room" })).map((i) => i.ingressId).sort()).toEqual(
      [rtmp.ingressId, pull.ingressId].sort(),
    );
    expect((await ingress.listIngress({ ingressId: whip.ingressId })).map((i) => i.ingressId)).toEqual([whip.ingressId]);
    expect((await ingress.listIngress()).length).toBe(3);

    const updated = await ingress.updateIngress(rtmp.ingressId, { name: "cam2", participantName: "S2" });
    expect(updated).toMatchObject({ name: "cam2", participantName: "S2", participantIdentity: "streamer", streamKey: rtmp.streamKey });
    expect(await sdkError(ingress.updateIngress(pull.ingressId, { name: "x" }))).toEqual({
      status: 400,
      code: "invalid_argument",
      message: "ingress is not reusable and cannot be modified",
    });
    const deleted = await ingress.deleteIngress(whip.ingressId);
    expect(deleted.ingressId).toBe(whip.ingressId);
    expect(await sdkError(ingress.listIngress({ ingressId: whip.ingressId }))).toEqual(ingressNotFound);
    expect(await sdkError(ingress.deleteIngress(whip.ingressId))).toEqual(ingressNotFound);
    expect(await sdkError(ingress.updateIngress("IN_unknown", { name: "x" }))).toEqual(ingressNotFound);
  });

  it("refuses what LiveKit refuses", async () => {
    // The SDK checks the identity itself; our client sends the request, and the server refuses it.
    await expect(ingress.createIngress(SdkIngressInput.RTMP_INPUT, { roomName: "r" })).rejects.toThrow("participantIdentity");
    expect(await twirpError(new IngressClient(server().url, { auth }).createIngress({ roomName: "r" }))).toEqual({
      code: "invalid_argument",
      msg: "invalid ingress: no participant identity",
    });
    expect(await sdkError(ingress.createIngress(SdkIngressInput.URL_INPUT, { roomName: "r", participantIdentity: "p" }))).toMatchObject({
      code: "invalid_argument",
      message: "invalid ingress: missing URL parameter",
    });
    expect(
      await sdkError(
        ingress.createIngress(SdkIngressInput.URL_INPUT, { roomName: "r", participantIdentity: "p", url: "ftp://example.com/x" }),
      ),
    ).toMatchObject({ code: "invalid_argument", message: "invalid ingress: invalid url scheme ftp" });
  });

  it("the Simulator's stream: ENDPOINT_PUBLISHING with an INGRESS participant in the room, then it leaves", async () => {
    const created = await ingress.createIngress(SdkIngressInput.RTMP_INPUT, {
      roomName: "in-stream",
      participantIdentity: "encoder",
      participantName: "OBS",
      participantMetadata: "m",
    });
    const { participant } = await simulator.startIngressStream({ ingressId: created.ingressId });
    expect(participant).toMatchObject({ identity: "encoder", name: "OBS", metadata: "m", kind: ParticipantInfo_Kind.INGRESS });
    const listed = await rooms.listParticipants("in-stream");
    expect(listed.map((p) => [p.identity, p.kind, p.tracks.length])).toEqual([["encoder", ParticipantInfo_Kind.INGRESS, 2]]);
    const [publishing] = await ingress.listIngress({ ingressId: created.ingressId });
    expect(publishing!.state).toMatchObject({ status: IngressState_Status.ENDPOINT_PUBLISHING });
    expect(publishing!.state!.roomId).toMatch(/^RM_/);
    expect(publishing!.state!.tracks.map((t) => t.mimeType)).toEqual(["audio/opus", "video/H264"]);
    // LiveKit stores updates while the stream runs too.
    expect((await ingress.updateIngress(created.ingressId, { name: "renamed" })).name).toBe("renamed");
    expect(await twirpError(simulator.startIngressStream({ ingressId: created.ingressId }))).toMatchObject({ code: "failed_precondition" });

    await simulator.stopIngressStream({ ingressId: created.ingressId });
    expect(await rooms.listParticipants("in-stream")).toEqual([]);
    const [inactive] = await ingress.listIngress({ ingressId: created.ingressId });
    expect(inactive!.state!.status).toBe(0);
    expect(inactive!.state!.endedAt).toBeGreaterThan(0n);
    expect(await twirpError(simulator.stopIngressStream({ ingressId: created.ingressId }))).toMatchObject({ code: "failed_precondition" });

    // Deleting a publishing ingress ends its stream: the participant leaves.
    await simulator.startIngressStream({ ingressId: created.ingressId });
    expect((await rooms.listParticipants("in-stream")).map((p) => p.identity)).toEqual(["encoder"]);
    const deleted = await ingress.deleteIngress(created.ingressId);
    expect(deleted.state!.status).toBe(0);
    expect(await rooms.listParticipants("in-stream")).toEqual([]);
    expect(await twirpError(simulator.startIngressStream({ ingressId: created.ingressId }))).toEqual({
      code: "not_found",
      msg: "ingress does not exist",
    });
  });

  it("a removed ingress participant leaves the ingress inactive; a disabled ingress does not start", async () => {
    const created = await ingress.createIngress(SdkIngressInput.WHIP_INPUT, { roomName: "in-removed", participantIdentity: "enc" });
    await simulator.startIngressStream({ ingressId: created.ingressId });
    await rooms.removeParticipant("in-removed", "enc");
    expect((await ingress.listIngress({ ingressId: created.ingressId }))[0]!.state!.status).toBe(0);
    const disabled = await ingress.createIngress(SdkIngressInput.RTMP_INPUT, {
      roomName: "in-removed",
      participantIdentity: "d",
      enabled: false,
    });
    expect(await twirpError(simulator.startIngressStream({ ingressId: disabled.ingressId }))).toEqual({
      code: "permission_denied",
      msg: "session is disabled",
    });
  });
});

describe("our generated EgressClient and IngressClient against the dev server", () => {
  const server = devServer({ manualClock: true });

  it.each([
    { name: "JSON", options: { auth } },
    { name: "binary", options: { auth, format: EgressBinary } },
  ])("Egress ($name): start, list, update, stop", async ({ name, options }) => {
    const simulator = new SimulatorClient(server().url, { auth });
    const egress = new EgressClient(server().url, options);
    const room = `gen-eg-${name}`;
    await simulator.join({ room, identity: "a" });
    const started = await egress.startRoomCompositeEgress({
      roomName: room,
      fileOutputs: [{ filepath: "out/" }],
      streamOutputs: [{ urls: ["rtmp://a/x"] }],
    });
    expect(started.status).toBe(EgressStatus.EGRESS_STARTING);
    await simulator.advanceClock({ seconds: 2 });
    expect((await egress.listEgress({ roomName: room, active: true })).items.map((e) => e.status)).toEqual([EgressStatus.EGRESS_ACTIVE]);
    const updated = await egress.updateStream({ egressId: started.egressId, addOutputUrls: ["rtmp://b/y"] });
    expect(updated.streamResults.map((s) => s.url)).toEqual(["rtmp://a/x", "rtmp://b/y"]);
    await simulator.advanceClock({ seconds: 3 });
    const stopped = await egress.stopEgress({ egressId: started.egressId });
    expect(stopped.status).toBe(EgressStatus.EGRESS_COMPLETE);
    expect(stopped.fileResults[0]!.filename).toMatch(new RegExp(`^out/${room}-\\d{8}-\\d{6}\\.mp4$`));
    expect(stopped.fileResults[0]!.duration).toBe(4_500_000_000n);
    expect(stopped.streamResults.every((s) => s.status === StreamInfo_Status.FINISHED)).toBe(true);
    expect(await twirpError(egress.stopEgress({ egressId: "EG_nope" }))).toEqual({ code: "not_found", msg: "egress does not exist" });
    expect(await twirpError(egress.startParticipantEgress({ roomName: "nowhere", identity: "a" }))).toEqual({
      code: "not_found",
      msg: "requested room does not exist",
    });
  });

  it("Ingress: create, list, update, delete, and a stream", async () => {
    const simulator = new SimulatorClient(server().url, { auth });
    const ingress = new IngressClient(server().url, { auth });
    const created = await ingress.createIngress({ inputType: IngressInput.RTMP_INPUT, roomName: "gen-in", participantIdentity: "e" });
    expect(created.state?.status).toBe(IngressState_Status.ENDPOINT_INACTIVE);
    expect((await ingress.listIngress({ roomName: "gen-in" })).items.map((i) => i.ingressId)).toEqual([created.ingressId]);
    expect((await ingress.updateIngress({ ingressId: created.ingressId, participantIdentity: "e2" })).participantIdentity).toBe("e2");
    const { participant } = await simulator.startIngressStream({ ingressId: created.ingressId });
    expect(participant?.identity).toBe("e2");
    expect((await ingress.listIngress({ ingressId: created.ingressId })).items[0]!.state?.status).toBe(
      IngressState_Status.ENDPOINT_PUBLISHING,
    );
    await simulator.stopIngressStream({ ingressId: created.ingressId });
    expect((await ingress.deleteIngress({ ingressId: created.ingressId })).ingressId).toBe(created.ingressId);
    expect(await twirpError(ingress.deleteIngress({ ingressId: created.ingressId }))).toEqual({
      code: "not_found",
      msg: "ingress does not exist",
    });
  });
});
