// SIP, AgentDispatch and Connector on the local dev server (in-process, real HTTP on 127.0.0.1):
// livekit-server-sdk's SipClient, AgentDispatchClient and ConnectorClient drive every method, and
// our generated clients too; answers, validation errors and participants as LiveKit gives them.
import {
  AgentDispatchClient,
  ConnectorClient as SdkConnectorClient,
  RoomServiceClient,
  SipClient,
  type ServerError,
} from "livekit-server-sdk";
import { AgentDispatchServiceClient } from "livekit-room-api/livekit_agent_dispatch_twirp";
import { ConnectorClient } from "livekit-room-api/livekit_connector_twirp";
import { ParticipantInfo_Kind } from "livekit-room-api/livekit_models_pb";
import { SIPTransferStatus, SIPTrunkInfo_TrunkKind } from "livekit-room-api/livekit_sip_pb";
import { SIPClient } from "livekit-room-api/livekit_sip_twirp";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, startDevServer } from "livekit-dev-server";

const apiKey = "devkey";
const apiSecret = "secret";
const auth = { auth: { apiKey, apiSecret } };
let server: DevServer;
let sip: SipClient;
let agents: AgentDispatchClient;
let rooms: RoomServiceClient;
let ourSip: SIPClient;
let ourAgents: AgentDispatchServiceClient;
const failures: unknown[] = [];

beforeAll(async () => {
  server = await startDevServer({ port: 0, onError: (error) => failures.push(error) });
  sip = new SipClient(server.url, apiKey, apiSecret);
  agents = new AgentDispatchClient(server.url, apiKey, apiSecret);
  rooms = new RoomServiceClient(server.url, apiKey, apiSecret);
  ourSip = new SIPClient(server.url, auth);
  ourAgents = new AgentDispatchServiceClient(server.url, auth);
});
afterAll(async () => {
  await server.close();
  expect(failures).toEqual([]);
});

async function sdkError(call: Promise<unknown>): Promise<{ status: number; code: string | undefined; message: string }> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as ServerError | undefined;
  expect(error, "the call should fail").toBeDefined();
  return { status: error!.status, code: error!.code, message: error!.message };
}

async function ourError(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TwirpError);
  return { code: (error as TwirpError).code, message: (error as TwirpError).msg };
}

const bad = (message: string) => ({ status: 400, code: "invalid_argument", message });

describe("SIP trunks", () => {
  it("inbound: create (ST_ id), get, list with filters, update (fields and replace), delete; LiveKit's validation and conflicts", async () => {
    const trunk = await sip.createSipInboundTrunk("office", ["+15550100"], { metadata: "m" });
    expect(trunk.sipTrunkId).toMatch(/^ST_[0-9A-Za-z]{12}$/);
    expect(trunk).toMatchObject({ name: "office", numbers: ["+15550100"], metadata: "m" });
    expect((await ourSip.getSIPInboundTrunk({ sipTrunkId: trunk.sipTrunkId })).trunk?.name).toBe("office");
    expect((await sip.listSipInboundTrunk()).map((t) => t.sipTrunkId)).toContain(trunk.sipTrunkId);
    expect(await sip.listSipInboundTrunk({ numbers: ["1 555 0100"] })).toHaveLength(1);
    expect(await sip.listSipInboundTrunk({ numbers: ["+19999999"] })).toHaveLength(0);

    expect(await sdkError(sip.createSipInboundTrunk("open", []))).toEqual(
      bad("for security, one of the fields must be set: AuthUsername+AuthPassword, AllowedAddresses or Numbers"),
    );
    expect(await sdkError(sip.createSipInboundTrunk("same", ["+1 (555) 0100"]))).toEqual(
      bad(
        `Conflicting inbound SIP Trunks: "<new>" and "${trunk.sipTrunkId}", using the same number(s) ["+1 (555) 0100"] without AllowedNumbers set`,
      ),
    );
    // Different callers on the same number do not conflict.
    const vip = await sip.createSipInboundTrunk("vip", ["+15550100"], { allowedNumbers: ["+15550999"] });

    const renamed = await sip.updateSipInboundTrunkFields(trunk.sipTrunkId, {
      name: "front desk",
      numbers: { add: ["+15550101"] } as never,
    });
    expect(renamed).toMatchObject({ sipTrunkId: trunk.sipTrunkId, name: "front desk", numbers: ["+15550100", "+15550101"] });
    expect(await ourError(ourSip.updateSIPInboundTrunk({ sipTrunkId: "ST_none", action: { case: "update", value: {} } }))).toEqual({
      code: "not_found",
      message: "requested sip trunk does not exist",
    });
    expect(await ourError(ourSip.updateSIPInboundTrunk({ sipTrunkId: trunk.sipTrunkId }))).toEqual({
      code: "invalid_argument",
      message: "missing or unsupported update action",
    });
    expect(await ourError(ourSip.getSIPInboundTrunk({ sipTrunkId: "" }))).toEqual({
      code: "invalid_argument",
      message: "trunk ID is required",
    });
    expect(await ourError(ourSip.createSIPInboundTrunk({}))).toEqual({ code: "invalid_argument", message: "missing trunk" });

    expect((await sip.deleteSipTrunk(vip.sipTrunkId)).sipTrunkId).toBe(vip.sipTrunkId);
    await sip.deleteSipTrunk(trunk.sipTrunkId);
    expect(await ourError(ourSip.getSIPInboundTrunk({ sipTrunkId: trunk.sipTrunkId }))).toEqual({
      code: "not_found",
      message: "requested sip trunk does not exist",
    });
  });

  it("outbound: an address and numbers are required; get, update, list, and the deprecated ListSIPTrunk", async () => {
    expect(await sdkError(sip.createSipOutboundTrunk("t", "sip.example.com", []))).toEqual(bad("no trunk numbers specified"));
    expect(await sdkError(sip.createSipOutboundTrunk("t", "", ["+1555"]))).toEqual(bad("no outbound address specified"));
    expect(await sdkError(sip.createSipOutboundTrunk("t", "sip:pbx@example.com", ["+1555"]))).toEqual(
      bad("trunk address should be a hostname or IP, not SIP URI"),
    );
    const out = await sip.createSipOutboundTrunk("carrier", "sip.example.com", ["+15550200"]);
    expect(out.sipTrunkId).toMatch(/^ST_/);
    expect((await ourSip.getSIPOutboundTrunk({ sipTrunkId: out.sipTrunkId })).trunk?.address).toBe("sip.example.com");
    const updated = await sip.updateSipOutboundTrunkFields(out.sipTrunkId, { address: "pbx.example.com" });
    expect(updated.address).toBe("pbx.example.com");
    expect(await sdkError(sip.updateSipOutboundTrunkFields(out.sipTrunkId, { numbers: { clear: true } as never }))).toEqual(
      bad("no trunk numbers specified"),
    );
    expect((await sip.listSipOutboundTrunk()).map((t) => t.sipTrunkId)).toEqual([out.sipTrunkId]);
    const legacy = await sip.listSipTrunk();
    expect(legacy.find((t) => t.sipTrunkId === out.sipTrunkId)).toMatchObject({
      kind: SIPTrunkInfo_TrunkKind.TRUNK_OUTBOUND,
      outboundAddress: "pbx.example.com",
      outboundNumber: "+15550200",
    });
    await sip.deleteSipTrunk(out.sipTrunkId);
    expect(await sip.listSipOutboundTrunk()).toEqual([]);
  });
});

describe("SIP dispatch rules", () => {
  it("create (SDR_ id), list, update, delete; a rule is required; duplicates conflict", async () => {
    const rule = await sip.createSipDispatchRule({ type: "individual", roomPrefix: "call-" }, { name: "calls" });
    expect(rule.sipDispatchRuleId).toMatch(/^SDR_[0-9A-Za-z]{12}$/);
    expect(rule.rule?.rule.case).toBe("dispatchRuleIndividual");
    expect(await sdkError(sip.createSipDispatchRule({ type: "direct", roomName: "lobby" }))).toEqual(
      bad(
        `Dispatch rule for the same trunk, inbound number, number, and PIN combination already exists in dispatch rule "${rule.sipDispatchRuleId}" "calls"`,
      ),
    );
    const pinned = await sip.createSipDispatchRule({ type: "direct", roomName: "lobby", pin: "1234" });
    expect(await ourError(ourSip.createSIPDispatchRule({ dispatchRule: { name: "no rule" } }))).toEqual({
      code: "invalid_argument",
      message: "missing rule",
    });
    const updated = await sip.updateSipDispatchRuleFields(rule.sipDispatchRuleId, { name: "renamed", metadata: "x" });
    expect(updated).toMatchObject({ sipDispatchRuleId: rule.sipDispatchRuleId, name: "renamed", metadata: "x" });
    expect((await sip.listSipDispatchRule()).map((r) => r.sipDispatchRuleId).sort()).toEqual(
      [rule.sipDispatchRuleId, pinned.sipDispatchRuleId].sort(),
    );
    expect(await sip.listSipDispatchRule({ dispatchRuleIds: [pinned.sipDispatchRuleId] } as never)).toHaveLength(1);
    expect((await sip.deleteSipDispatchRule(rule.sipDispatchRuleId)).name).toBe("renamed");
    expect(await sdkError(sip.deleteSipDispatchRule(rule.sipDispatchRuleId))).toEqual({
      status: 404,
      code: "not_found",
      message: "requested sip dispatch rule does not exist",
    });
    await sip.deleteSipDispatchRule(pinned.sipDispatchRuleId);
  });
});

describe("SIP participants", () => {
  it("CreateSIPParticipant adds a participant of kind SIP with LiveKit's sip.* attributes; TransferSIPParticipant transfers it out", async () => {
    const out = await sip.createSipOutboundTrunk("carrier", "sip.example.com", ["+15550300"]);
    const info = await sip.createSipParticipant(out.sipTrunkId, "+15550400", "sip-room", {
      participantIdentity: "caller",
      participantName: "Caller",
    });
    expect(info).toMatchObject({ participantIdentity: "caller", roomName: "sip-room" });
    expect(info.participantId).toMatch(/^PA_/);
    expect(info.sipCallId).toMatch(/^SCL_/);
    const [participant] = await rooms.listParticipants("sip-room");
    expect(participant).toMatchObject({ identity: "caller", name: "Caller", kind: ParticipantInfo_Kind.SIP, sid: info.participantId });
    expect(participant!.attributes).toMatchObject({
      "sip.callID": info.sipCallId,
      "sip.trunkID": out.sipTrunkId,
      "sip.phoneNumber": "+15550400",
      "sip.hostname": "sip.example.com",
      "sip.trunkPhoneNumber": "+15550300",
    });
    // The default identity, and our client.
    const second = await ourSip.createSIPParticipant({ sipTrunkId: out.sipTrunkId, sipCallTo: "+15550500", roomName: "sip-room" });
    expect(second.participantIdentity).toBe("sip_+15550500");

    expect(await sdkError(sip.createSipParticipant("ST_none", "+1", "sip-room"))).toEqual({
      status: 404,
      code: "not_found",
      message: "requested sip trunk does not exist",
    });
    expect(await sdkError(sip.createSipParticipant(out.sipTrunkId, "", "sip-room"))).toEqual(bad("missing sip callee number"));
    expect(await sdkError(sip.createSipParticipant(out.sipTrunkId, "+1", ""))).toEqual(bad("missing room name"));
    expect(await ourError(ourSip.createSIPParticipant({ sipCallTo: "+1", roomName: "r" }))).toEqual({
      code: "invalid_argument",
      message: "missing sip trunk id and sip number",
    });
    // The participant's name, metadata and attributes have the limits of any participant (Join).
    const call = { sipTrunkId: out.sipTrunkId, sipCallTo: "+15550700", roomName: "sip-room" };
    const tooBig = [
      [{ participantName: "n".repeat(257) }, "name length exceeds limits 256"],
      [{ participantMetadata: "m".repeat(512 * 1024 + 1) }, "metadata size exceeds limits 524288"],
      [{ participantAttributes: { big: "a".repeat(64 * 1024) } }, "attribute size exceeds limits 65536"],
    ] as const;
    for (const [fields, message] of tooBig) {
      expect(await ourError(ourSip.createSIPParticipant({ ...call, ...fields }))).toEqual({ code: "invalid_argument", message });
    }
    expect((await rooms.listParticipants("sip-room")).map((p) => p.identity)).not.toContain("sip_+15550700");
    expect((await ourSip.createSIPParticipant({ ...call, participantName: "n".repeat(256) })).participantIdentity).toBe("sip_+15550700");
    await rooms.removeParticipant("sip-room", "sip_+15550700");

    // Transfer: validation, unknown participant, a participant without a SIP session, then success.
    expect(await sdkError(sip.transferSipParticipant("sip-room", "caller", "+15550600"))).toEqual(
      bad("transfer_to must be a valid SIP(s) or TEL URI (sip:, sips: or tel:)"),
    );
    expect(await sdkError(sip.transferSipParticipant("sip-room", "nobody", "tel:+15550600"))).toEqual({
      status: 404,
      code: "not_found",
      message: "participant does not exist",
    });
    await agents.createDispatch("sip-room", "helper");
    const agent = (await rooms.listParticipants("sip-room")).find((p) => p.kind === ParticipantInfo_Kind.AGENT)!;
    expect(await sdkError(sip.transferSipParticipant("sip-room", agent.identity, "tel:+15550600"))).toEqual(
      bad("no SIP session associated with participant"),
    );
    await sip.transferSipParticipant("sip-room", "caller", "tel:+15550600");
    const answer = await ourSip.transferSIPParticipant({
      roomName: "sip-room",
      participantIdentity: "sip_+15550500",
      transferTo: "sip:desk@example.com",
    });
    expect(answer.status).toBe(SIPTransferStatus.STS_TRANSFER_SUCCESSFUL);
    expect((await rooms.listParticipants("sip-room")).map((p) => p.identity)).toEqual([agent.identity]);
  });
});

describe("AgentDispatch", () => {
  it("create (AD_ id) adds an agent participant; list, get, delete removes it; room not found, dispatch not found", async () => {
    const dispatch = await agents.createDispatch("agent-room", "assistant", { metadata: '{"lang":"fr"}' });
    expect(dispatch.id).toMatch(/^AD_[0-9A-Za-z]{12}$/);
    expect(dispatch).toMatchObject({ agentName: "assistant", room: "agent-room", metadata: '{"lang":"fr"}' });
    const job = dispatch.state!.jobs[0]!;
    expect(job.id).toMatch(/^AJ_/);
    const [participant] = await rooms.listParticipants("agent-room");
    expect(participant).toMatchObject({ identity: `agent-${job.id}`, name: "assistant", kind: ParticipantInfo_Kind.AGENT });
    expect(job.state?.participantIdentity).toBe(participant!.identity);

    const second = await ourAgents.createDispatch({ room: "agent-room", agentName: "note-taker" });
    expect((await agents.listDispatch("agent-room")).map((d) => d.id)).toEqual([dispatch.id, second.id]);
    expect((await agents.getDispatch(second.id, "agent-room"))?.agentName).toBe("note-taker");
    expect((await ourAgents.listDispatch({ room: "agent-room", dispatchId: "AD_none" })).agentDispatches).toEqual([]);
    expect((await rooms.listParticipants("agent-room")).filter((p) => p.kind === ParticipantInfo_Kind.AGENT)).toHaveLength(2);

    await agents.deleteDispatch(dispatch.id, "agent-room");
    expect((await rooms.listParticipants("agent-room")).map((p) => p.identity)).toEqual([
      second.state!.jobs[0]!.state!.participantIdentity,
    ]);
    expect(await sdkError(agents.deleteDispatch(dispatch.id, "agent-room"))).toEqual({
      status: 404,
      code: "not_found",
      message: "dispatch ID not found",
    });
    expect(await sdkError(agents.listDispatch("no-such-room"))).toEqual({
      status: 404,
      code: "not_found",
      message: "requested room does not exist",
    });
    expect((await ourAgents.deleteDispatch({ room: "agent-room", dispatchId: second.id })).id).toBe(second.id);
    expect(await rooms.listParticipants("agent-room")).toEqual([]);
    // A room deleted takes its dispatches with it; one of the same name starts with none.
    await agents.createDispatch("agent-room", "assistant");
    await rooms.deleteRoom("agent-room");
    await rooms.createRoom({ name: "agent-room" });
    expect(await agents.listDispatch("agent-room")).toEqual([]);
  });
});

describe("Connector", () => {
  it("every RPC answers unimplemented, saying LiveKit's open-source server does not serve it", async () => {
    const message =
      "Connector is a LiveKit Cloud service; the local dev server does not serve it (neither does LiveKit's open-source server)";
    const sdk = new SdkConnectorClient(server.url, apiKey, apiSecret);
    const calls: Promise<unknown>[] = [
      sdk.dialWhatsAppCall({
        whatsappPhoneNumberId: "1",
        whatsappToPhoneNumber: "2",
        whatsappApiKey: "k",
        whatsappCloudApiVersion: "v",
      } as never),
      sdk.acceptWhatsAppCall({
        whatsappPhoneNumberId: "1",
        whatsappApiKey: "k",
        whatsappCloudApiVersion: "v",
        whatsappCallId: "c",
      } as never),
      sdk.connectWhatsAppCall("c", { type: "answer", sdp: "" } as never),
      sdk.disconnectWhatsAppCall("c", "k"),
      sdk.connectTwilioCall({ twilioCallDirection: 0, roomName: "r" } as never),
    ];
    for (const call of calls) expect(await sdkError(call)).toEqual({ status: 501, code: "unimplemented", message });
    const ours = new ConnectorClient(server.url, auth);
    expect(await ourError(ours.connectTwilioCall({ roomName: "r" }))).toEqual({ code: "unimplemented", message });
  });
});
