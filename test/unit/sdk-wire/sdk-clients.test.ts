// livekit-server-sdk's six clients and ours, side by side against one recording server on
// 127.0.0.1: for every public SDK method, the SDK call and the call a migrating user writes with
// our typed request must reach the same path, with the same body (compared as messages), under a
// token with the same claims, and resolve to the same thing. The table below is the data of
// docs/migration.md. What the SDK does is read from its sources (node_modules/livekit-server-sdk/src).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  create,
  createRegistry,
  equals,
  fromJson,
  toJson,
  type DescMessage,
  type DescMethod,
  type JsonValue,
  type Message,
  type MessageInitShape,
} from "@bufbuild/protobuf";
import { jwtVerify, type JWTPayload } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AgentDispatchClient as SdkAgentDispatchClient,
  ConnectorClient as SdkConnectorClient,
  ConnectTwilioCallRequest_TwilioCallDirection as SdkTwilioCallDirection,
  DataPacket_Kind as SdkDataPacketKind,
  DisconnectWhatsAppCallRequest_DisconnectReason as SdkDisconnectReason,
  EgressClient as SdkEgressClient,
  EncodedFileOutput as SdkEncodedFileOutput,
  EncodedFileType as SdkEncodedFileType,
  EncodingOptions as SdkEncodingOptions,
  EncodingOptionsPreset as SdkEncodingOptionsPreset,
  FileOutput as SdkFileOutput,
  ImageOutput as SdkImageOutput,
  IngressClient as SdkIngressClient,
  IngressInput as SdkIngressInput,
  JobRestartPolicy as SdkJobRestartPolicy,
  Output as SdkOutput,
  RoomAgentDispatch as SdkRoomAgentDispatch,
  RoomServiceClient as SdkRoomServiceClient,
  S3Upload as SdkS3Upload,
  SegmentedFileOutput as SdkSegmentedFileOutput,
  SegmentedFileProtocol as SdkSegmentedFileProtocol,
  SessionDescription as SdkSessionDescription,
  SipClient as SdkSipClient,
  SIPDispatchRuleInfo as SdkSIPDispatchRuleInfo,
  SIPInboundTrunkInfo as SdkSIPInboundTrunkInfo,
  SIPOutboundTrunkInfo as SdkSIPOutboundTrunkInfo,
  StartEgressRequest as SdkStartEgressRequest,
  StreamOutput as SdkStreamOutput,
  StreamProtocol as SdkStreamProtocol,
  TemplateSource as SdkTemplateSource,
  WebhookConfig as SdkWebhookConfig,
  type CreateSipOutboundTrunkOptions,
  type SipInboundTrunkUpdateOptions,
  type SipOutboundTrunkUpdateOptions,
} from "livekit-server-sdk";
import { AgentDispatchServiceClient } from "livekit-room-api/livekit_agent_dispatch_twirp";
import { ConnectorClient } from "livekit-room-api/livekit_connector_twirp";
import { EgressClient } from "livekit-room-api/livekit_egress_twirp";
import { IngressClient } from "livekit-room-api/livekit_ingress_twirp";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { SIPClient } from "livekit-room-api/livekit_sip_twirp";
import { file_livekit_agent, JobStatus, JobType } from "livekit-room-api/livekit_agent_pb";
import {
  AgentDispatchSchema,
  AgentDispatchService,
  file_livekit_agent_dispatch,
  JobRestartPolicy,
  ListAgentDispatchResponseSchema,
} from "livekit-room-api/livekit_agent_dispatch_pb";
import { Connector } from "livekit-room-api/livekit_connector_pb";
import {
  ConnectTwilioCallRequest_TwilioCallDirection,
  ConnectTwilioCallResponseSchema,
  file_livekit_connector_twilio,
} from "livekit-room-api/livekit_connector_twilio_pb";
import {
  AcceptWhatsAppCallResponseSchema,
  ConnectWhatsAppCallResponseSchema,
  DialWhatsAppCallResponseSchema,
  DisconnectWhatsAppCallRequest_DisconnectReason,
  DisconnectWhatsAppCallResponseSchema,
  file_livekit_connector_whatsapp,
} from "livekit-room-api/livekit_connector_whatsapp_pb";
import {
  Egress,
  EgressInfoSchema,
  EgressSourceType,
  EgressStatus,
  type EncodedFileOutputSchema,
  EncodedFileType,
  EncodingOptionsPreset,
  file_livekit_egress,
  ListEgressResponseSchema,
  SegmentedFileProtocol,
  StreamProtocol,
  type EgressInfo,
} from "livekit-room-api/livekit_egress_pb";
import {
  file_livekit_ingress,
  Ingress,
  IngressInfoSchema,
  IngressInput,
  IngressState_Status,
  ListIngressResponseSchema,
  type IngressInfo,
} from "livekit-room-api/livekit_ingress_pb";
import { DataPacket_Kind, file_livekit_models, TrackInfoSchema, TrackSource, TrackType } from "livekit-room-api/livekit_models_pb";
import {
  DeleteRoomResponseSchema,
  file_livekit_room,
  ForwardParticipantResponseSchema,
  MoveParticipantResponseSchema,
  MuteRoomTrackResponseSchema,
  RemoveParticipantResponseSchema,
  RoomService,
  SendDataResponseSchema,
  UpdateSubscriptionsResponseSchema,
  type SendDataRequest,
} from "livekit-room-api/livekit_room_pb";
import { file_livekit_rtc } from "livekit-room-api/livekit_rtc_pb";
import {
  file_livekit_sip,
  ListSIPDispatchRuleResponseSchema,
  ListSIPInboundTrunkResponseSchema,
  ListSIPOutboundTrunkResponseSchema,
  ListSIPTrunkResponseSchema,
  SIP,
  SIPDispatchRuleInfoSchema,
  SIPInboundTrunkInfoSchema,
  SIPOutboundTrunkInfoSchema,
  SIPParticipantInfoSchema,
  SIPTransferReason,
  SIPTransferStatus,
  SIPTransport,
  SIPTrunkInfo_TrunkKind,
  SIPTrunkInfoSchema,
  TransferSIPParticipantResponseSchema,
} from "livekit-room-api/livekit_sip_pb";
import { serverJson } from "../../../tools/samples/livekit-wire.js";
import { listParticipantsResponse, listRoomsResponse, participant, smallRoom } from "../../../tools/samples/samples.js";
import { answerJson, serverPerFile, type RecordedRequest, type TestServer } from "../../support/twirp-server.js";

const apiKey = "APIwireKey";
const apiSecret = "wire-secret-0123456789-0123456789-0123456789";
const room = "test-room";
const identity = "user-1";

// ---------------------------------------------------------------------------------------------
// The clients, both sides, on the one server of this file.

const sdkClientClasses = {
  RoomServiceClient: SdkRoomServiceClient,
  EgressClient: SdkEgressClient,
  IngressClient: SdkIngressClient,
  SipClient: SdkSipClient,
  AgentDispatchClient: SdkAgentDispatchClient,
  ConnectorClient: SdkConnectorClient,
};

/** Methods of the SDK deliberately not compared, with the reason. */
const excluded: Record<string, string> = {
  "SipClient.createSipTrunk":
    "deprecated; calls livekit.SIP/CreateSIPTrunk, which LiveKit deleted from livekit_sip.proto (ours has no such RPC): " +
    "use createSIPInboundTrunk / createSIPOutboundTrunk",
};

function sdkClients(url: string) {
  return {
    room: new SdkRoomServiceClient(url, apiKey, apiSecret),
    egress: new SdkEgressClient(url, apiKey, apiSecret),
    ingress: new SdkIngressClient(url, apiKey, apiSecret),
    sip: new SdkSipClient(url, apiKey, apiSecret),
    dispatch: new SdkAgentDispatchClient(url, apiKey, apiSecret),
    connector: new SdkConnectorClient(url, apiKey, apiSecret),
  };
}

function ourClients(url: string) {
  const options = { auth: { apiKey, apiSecret } };
  return {
    room: new RoomServiceClient(url, options),
    egress: new EgressClient(url, options),
    ingress: new IngressClient(url, options),
    sip: new SIPClient(url, options),
    dispatch: new AgentDispatchServiceClient(url, options),
    connector: new ConnectorClient(url, options),
  };
}

type SdkClients = ReturnType<typeof sdkClients>;
type OurClients = ReturnType<typeof ourClients>;

/** Every RPC of our six services, by `livekit.<Service>/<Method>`. */
const methods = new Map<string, DescMethod>(
  [RoomService, Egress, Ingress, SIP, AgentDispatchService, Connector].flatMap((service) =>
    service.methods.map((method) => [`${service.typeName}/${method.name}`, method] as const),
  ),
);

const registry = createRegistry(
  file_livekit_models,
  file_livekit_room,
  file_livekit_egress,
  file_livekit_ingress,
  file_livekit_sip,
  file_livekit_agent,
  file_livekit_agent_dispatch,
  file_livekit_rtc,
  file_livekit_connector_whatsapp,
  file_livekit_connector_twilio,
);

// ---------------------------------------------------------------------------------------------
// What the server answers: one fixed, realistic response per RPC, sent in the server's form
// (proto field names, zero values spelled out) by the handler below.

const t0 = 1_700_000_000n; // s
const ns = (seconds: bigint) => seconds * 1_000_000_000n;

function egressInfo(init: MessageInitShape<typeof EgressInfoSchema>): EgressInfo {
  return create(EgressInfoSchema, {
    egressId: "EG_Xq7f2LkP9sTn",
    roomId: "RM_sample0",
    roomName: room,
    status: EgressStatus.EGRESS_STARTING,
    updatedAt: ns(t0),
    ...init,
  });
}

const recording = egressInfo({
  sourceType: EgressSourceType.WEB,
  request: {
    case: "roomComposite",
    value: { roomName: room, layout: "speaker", fileOutputs: [{ fileType: EncodedFileType.MP4, filepath: "recordings/test-room.mp4" }] },
  },
  fileResults: [{ filename: "recordings/test-room.mp4", location: "s3://lk-recordings/recordings/test-room.mp4" }],
});

function ingressInfo(enabled: boolean): IngressInfo {
  return create(IngressInfoSchema, {
    ingressId: "IN_3tVJ5kzQdPj8",
    name: "OBS studio",
    streamKey: "sk_f93Jd8s7Ak2L",
    url: "rtmps://ingress.example.livekit.cloud/x",
    inputType: IngressInput.RTMP_INPUT,
    enableTranscoding: true,
    roomName: room,
    participantIdentity: "obs",
    participantName: "OBS",
    reusable: true,
    state: { status: IngressState_Status.ENDPOINT_INACTIVE, roomId: "RM_sample0" },
    enabled,
  });
}

const inboundTrunk = create(SIPInboundTrunkInfoSchema, {
  sipTrunkId: "ST_in4Vx9q2",
  name: "Inbound",
  numbers: ["+15105550100"],
  allowedAddresses: ["203.0.113.0/24"],
  authUsername: "lk-in",
  krispEnabled: true,
  ringingTimeout: { seconds: 45n },
  createdAt: { seconds: t0 },
});
const outboundTrunk = create(SIPOutboundTrunkInfoSchema, {
  sipTrunkId: "ST_out7Hk3r1",
  name: "Outbound",
  address: "sip.example.com",
  transport: SIPTransport.SIP_TRANSPORT_TCP,
  numbers: ["+15105550100"],
  authUsername: "lk-out",
  destinationCountry: "US",
  createdAt: { seconds: t0 },
});
const dispatchRule = create(SIPDispatchRuleInfoSchema, {
  sipDispatchRuleId: "SDR_8kLm2Qp4",
  rule: { rule: { case: "dispatchRuleIndividual", value: { roomPrefix: "call-" } } },
  trunkIds: [inboundTrunk.sipTrunkId],
  hidePhoneNumber: true,
  name: "Calls",
  attributes: { team: "support" },
  createdAt: { seconds: t0 },
});
const legacyTrunk = create(SIPTrunkInfoSchema, {
  sipTrunkId: "ST_old1",
  kind: SIPTrunkInfo_TrunkKind.TRUNK_INBOUND,
  inboundNumbers: ["+15105550100"],
  name: "Legacy",
});
const agentDispatch = create(AgentDispatchSchema, {
  id: "AD_Dk2j3Lq9",
  agentName: "helper",
  room,
  metadata: '{"lang":"en"}',
  restartPolicy: JobRestartPolicy.JRP_NEVER,
  state: {
    createdAt: ns(t0),
    jobs: [
      {
        id: "AJ_n3K8s2",
        dispatchId: "AD_Dk2j3Lq9",
        type: JobType.JT_ROOM,
        room: { sid: "RM_sample0", name: room },
        agentName: "helper",
        state: { status: JobStatus.JS_RUNNING, participantIdentity: "agent-AJ_n3K8s2", workerId: "AW_7f2", startedAt: ns(t0) },
      },
    ],
  },
});

const answers: Record<string, Message> = {
  "livekit.RoomService/CreateRoom": smallRoom(),
  "livekit.RoomService/ListRooms": listRoomsResponse(),
  "livekit.RoomService/DeleteRoom": create(DeleteRoomResponseSchema),
  "livekit.RoomService/UpdateRoomMetadata": listRoomsResponse().rooms[1]!,
  "livekit.RoomService/ListParticipants": listParticipantsResponse(3),
  "livekit.RoomService/GetParticipant": participant(1),
  "livekit.RoomService/RemoveParticipant": create(RemoveParticipantResponseSchema),
  "livekit.RoomService/ForwardParticipant": create(ForwardParticipantResponseSchema),
  "livekit.RoomService/MoveParticipant": create(MoveParticipantResponseSchema),
  "livekit.RoomService/MutePublishedTrack": create(MuteRoomTrackResponseSchema, {
    track: create(TrackInfoSchema, { sid: "TR_mic", name: "mic", type: TrackType.AUDIO, source: TrackSource.MICROPHONE, muted: true }),
  }),
  "livekit.RoomService/UpdateParticipant": participant(2),
  "livekit.RoomService/UpdateSubscriptions": create(UpdateSubscriptionsResponseSchema),
  "livekit.RoomService/SendData": create(SendDataResponseSchema),
  "livekit.Egress/StartRoomCompositeEgress": recording,
  "livekit.Egress/StartWebEgress": egressInfo({
    request: { case: "web", value: { url: "https://example.com/dashboard", awaitStartSignal: true } },
    streamResults: [{ url: "rtmp://live.example.com/app/k***", startedAt: ns(t0) }],
  }),
  "livekit.Egress/StartParticipantEgress": egressInfo({
    sourceType: EgressSourceType.SDK,
    request: { case: "participant", value: { roomName: room, identity, screenShare: true } },
  }),
  "livekit.Egress/StartTrackCompositeEgress": egressInfo({
    sourceType: EgressSourceType.SDK,
    segmentResults: [{ playlistName: "hls/test-room.m3u8", segmentCount: 0n }],
  }),
  "livekit.Egress/StartTrackEgress": egressInfo({
    sourceType: EgressSourceType.SDK,
    request: {
      case: "track",
      value: { roomName: room, trackId: "TR_mic", output: { case: "websocketUrl", value: "wss://sink.example.com/audio" } },
    },
  }),
  "livekit.Egress/StartEgress": egressInfo({
    request: { case: "egress", value: { roomName: room, source: { case: "template", value: { layout: "grid" } } } },
  }),
  "livekit.Egress/UpdateLayout": egressInfo({ status: EgressStatus.EGRESS_ACTIVE, startedAt: ns(t0) }),
  "livekit.Egress/UpdateStream": egressInfo({
    status: EgressStatus.EGRESS_ACTIVE,
    startedAt: ns(t0),
    streamResults: [{ url: "rtmp://a.example.com/live/k***" }, { url: "rtmp://b.example.com/live/k***" }],
  }),
  "livekit.Egress/ListEgress": create(ListEgressResponseSchema, {
    items: [recording, egressInfo({ egressId: "EG_2nd9Lk", status: EgressStatus.EGRESS_ACTIVE, startedAt: ns(t0) })],
  }),
  "livekit.Egress/StopEgress": egressInfo({ status: EgressStatus.EGRESS_ENDING, startedAt: ns(t0), endedAt: ns(t0 + 60n) }),
  "livekit.Ingress/CreateIngress": ingressInfo(true),
  "livekit.Ingress/UpdateIngress": ingressInfo(false),
  "livekit.Ingress/ListIngress": create(ListIngressResponseSchema, { items: [ingressInfo(true)] }),
  "livekit.Ingress/DeleteIngress": ingressInfo(true),
  "livekit.SIP/CreateSIPInboundTrunk": inboundTrunk,
  "livekit.SIP/CreateSIPOutboundTrunk": outboundTrunk,
  "livekit.SIP/ListSIPTrunk": create(ListSIPTrunkResponseSchema, { items: [legacyTrunk] }),
  "livekit.SIP/ListSIPInboundTrunk": create(ListSIPInboundTrunkResponseSchema, { items: [inboundTrunk] }),
  "livekit.SIP/ListSIPOutboundTrunk": create(ListSIPOutboundTrunkResponseSchema, { items: [outboundTrunk] }),
  "livekit.SIP/DeleteSIPTrunk": legacyTrunk,
  "livekit.SIP/CreateSIPDispatchRule": dispatchRule,
  "livekit.SIP/UpdateSIPDispatchRule": dispatchRule,
  "livekit.SIP/UpdateSIPInboundTrunk": inboundTrunk,
  "livekit.SIP/UpdateSIPOutboundTrunk": outboundTrunk,
  "livekit.SIP/ListSIPDispatchRule": create(ListSIPDispatchRuleResponseSchema, { items: [dispatchRule] }),
  "livekit.SIP/DeleteSIPDispatchRule": dispatchRule,
  "livekit.SIP/CreateSIPParticipant": create(SIPParticipantInfoSchema, {
    participantId: "PA_sip9Kd2",
    participantIdentity: "sip-participant",
    roomName: "call-room",
    sipCallId: "SCL_4hJ8s",
  }),
  "livekit.SIP/TransferSIPParticipant": create(TransferSIPParticipantResponseSchema, {
    transferId: "STR_5kQ",
    status: SIPTransferStatus.STS_TRANSFER_SUCCESSFUL,
    reason: SIPTransferReason.STR_COMPLETED,
  }),
  "livekit.AgentDispatchService/CreateDispatch": agentDispatch,
  "livekit.AgentDispatchService/DeleteDispatch": agentDispatch,
  "livekit.AgentDispatchService/ListDispatch": create(ListAgentDispatchResponseSchema, { agentDispatches: [agentDispatch] }),
  "livekit.Connector/DialWhatsAppCall": create(DialWhatsAppCallResponseSchema, { whatsappCallId: "wacid.HBgL", roomName: "wa-call-1" }),
  "livekit.Connector/AcceptWhatsAppCall": create(AcceptWhatsAppCallResponseSchema, { roomName: "wa-call-2" }),
  "livekit.Connector/ConnectWhatsAppCall": create(ConnectWhatsAppCallResponseSchema),
  "livekit.Connector/DisconnectWhatsAppCall": create(DisconnectWhatsAppCallResponseSchema),
  "livekit.Connector/ConnectTwilioCall": create(ConnectTwilioCallResponseSchema, { connectUrl: "wss://connector.example.com/twilio/c1" }),
};

const serverOf = serverPerFile((request, response) => {
  const rpc = request.path.replace(/^\/twirp\//, "");
  const method = methods.get(rpc);
  const answer = answers[rpc];
  if (method === undefined || answer === undefined) {
    answerJson(404, { code: "bad_route", msg: `no handler for ${request.path}` })(request, response);
  } else {
    answerJson(200, serverJson(method.output, answer))(request, response);
  }
});

// ---------------------------------------------------------------------------------------------
// The table: one entry per SDK method.

type Picked = Message | readonly Message[] | undefined;

interface WireCase {
  /** `<SDK client>.<method>` */
  readonly sdk: string;
  /** `livekit.<Service>/<Method>`: where both must go. */
  readonly rpc: string;
  readonly callSdk: (sdk: SdkClients) => Promise<unknown>;
  /** Our call; `sdkSent` is the SDK's request as it arrived, for the random values it adds. */
  readonly callOurs: (ours: OurClients, sdkSent: Message) => Promise<Message>;
  /** The part of our response that the SDK resolves to. */
  readonly pick: (response: Message) => Picked;
}

/** One case; `pick` defaults to the whole response. */
function wire<R extends Message>(
  sdk: string,
  rpc: string,
  callSdk: (sdk: SdkClients) => Promise<unknown>,
  callOurs: (ours: OurClients, sdkSent: Message) => Promise<R>,
  pick: (response: R) => Picked = (response) => response,
): WireCase {
  return { sdk, rpc, callSdk, callOurs, pick: pick as (response: Message) => Picked };
}

/** For the SDK methods that resolve to nothing: ours resolves to the (often empty) response message. */
const nothing = (): undefined => undefined;

// Outputs as SDK users build them (protobuf-es v1 classes), and the same as our init objects.
const s3 = { accessKey: "AKIAEXAMPLE", secret: "s3-secret", region: "eu-central-1", bucket: "lk-recordings" };
const sdkFile = () =>
  new SdkEncodedFileOutput({
    fileType: SdkEncodedFileType.MP4,
    filepath: "recordings/{room_name}-{time}.mp4",
    output: { case: "s3", value: new SdkS3Upload(s3) },
  });
const file: MessageInitShape<typeof EncodedFileOutputSchema> = {
  fileType: EncodedFileType.MP4,
  filepath: "recordings/{room_name}-{time}.mp4",
  output: { case: "s3", value: s3 },
};
const rtmp = { urls: ["rtmp://live.example.com/app/stream-key"] };
const hls = { filenamePrefix: "hls/test-room", playlistName: "test-room.m3u8", segmentDuration: 6 };
const images = { captureInterval: 10, width: 640, height: 360, filenamePrefix: "thumbs/test-room" };
const webhook = { url: "https://hooks.example.com/egress", signingKey: "APIwireKey" };
const sdp = { type: "offer", sdp: "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" };
const whatsapp = {
  whatsappPhoneNumberId: "1029384756",
  whatsappApiKey: "EAAG-whatsapp-token",
  whatsappCloudApiVersion: "23.0",
  roomName: "wa-call",
  participantIdentity: "wa-caller",
  participantName: "WhatsApp caller",
};

/** An SDK option type that the SDK does not re-export (users import it from @livekit/protocol), given as a plain value. */
const sdkValue = <T>(value: unknown) => value as T;

const cases: WireCase[] = [
  // RoomServiceClient
  wire(
    "RoomServiceClient.createRoom",
    "livekit.RoomService/CreateRoom",
    (s) =>
      s.room.createRoom({
        name: room,
        emptyTimeout: 300,
        departureTimeout: 20,
        maxParticipants: 50,
        metadata: '{"topic":"standup"}',
        agents: [new SdkRoomAgentDispatch({ agentName: "helper", metadata: '{"lang":"en"}' })],
      }),
    (o) =>
      o.room.createRoom({
        name: room,
        emptyTimeout: 300,
        departureTimeout: 20,
        maxParticipants: 50,
        metadata: '{"topic":"standup"}',
        agents: [{ agentName: "helper", metadata: '{"lang":"en"}' }],
      }),
  ),
  wire(
    "RoomServiceClient.listRooms",
    "livekit.RoomService/ListRooms",
    (s) => s.room.listRooms(["room-0", "room-1"]),
    (o) => o.room.listRooms({ names: ["room-0", "room-1"] }),
    (r) => r.rooms,
  ),
  wire(
    "RoomServiceClient.deleteRoom",
    "livekit.RoomService/DeleteRoom",
    (s) => s.room.deleteRoom(room),
    (o) => o.room.deleteRoom({ room }),
    nothing,
  ),
  wire(
    "RoomServiceClient.updateRoomMetadata",
    "livekit.RoomService/UpdateRoomMetadata",
    (s) => s.room.updateRoomMetadata(room, '{"topic":"retro"}'),
    (o) => o.room.updateRoomMetadata({ room, metadata: '{"topic":"retro"}' }),
  ),
  wire(
    "RoomServiceClient.listParticipants",
    "livekit.RoomService/ListParticipants",
    (s) => s.room.listParticipants(room),
    (o) => o.room.listParticipants({ room }),
    (r) => r.participants,
  ),
  wire(
    "RoomServiceClient.getParticipant",
    "livekit.RoomService/GetParticipant",
    (s) => s.room.getParticipant(room, identity),
    (o) => o.room.getParticipant({ room, identity }),
  ),
  wire(
    "RoomServiceClient.removeParticipant",
    "livekit.RoomService/RemoveParticipant",
    (s) => s.room.removeParticipant(room, identity, { revokeTokenTs: t0 }),
    (o) => o.room.removeParticipant({ room, identity, revokeTokenTs: t0 }),
    nothing,
  ),
  wire(
    "RoomServiceClient.forwardParticipant",
    "livekit.RoomService/ForwardParticipant",
    (s) => s.room.forwardParticipant(room, identity, "overflow-room"),
    (o) => o.room.forwardParticipant({ room, identity, destinationRoom: "overflow-room" }),
    nothing,
  ),
  wire(
    "RoomServiceClient.moveParticipant",
    "livekit.RoomService/MoveParticipant",
    (s) => s.room.moveParticipant(room, identity, "breakout-room"),
    (o) => o.room.moveParticipant({ room, identity, destinationRoom: "breakout-room" }),
    nothing,
  ),
  wire(
    "RoomServiceClient.mutePublishedTrack",
    "livekit.RoomService/MutePublishedTrack",
    (s) => s.room.mutePublishedTrack(room, identity, "TR_mic", true),
    (o) => o.room.mutePublishedTrack({ room, identity, trackSid: "TR_mic", muted: true }),
    (r) => r.track,
  ),
  wire(
    "RoomServiceClient.updateParticipant",
    "livekit.RoomService/UpdateParticipant",
    (s) =>
      s.room.updateParticipant(room, identity, {
        name: "User One",
        metadata: '{"seat":1}',
        attributes: { role: "speaker" },
        permission: { canSubscribe: true, canPublish: false, canPublishData: true },
      }),
    (o) =>
      o.room.updateParticipant({
        room,
        identity,
        name: "User One",
        metadata: '{"seat":1}',
        attributes: { role: "speaker" },
        permission: { canSubscribe: true, canPublish: false, canPublishData: true },
      }),
  ),
  wire(
    "RoomServiceClient.updateSubscriptions",
    "livekit.RoomService/UpdateSubscriptions",
    (s) => s.room.updateSubscriptions(room, identity, ["TR_a1", "TR_v1"], true),
    (o) => o.room.updateSubscriptions({ room, identity, trackSids: ["TR_a1", "TR_v1"], subscribe: true }),
    nothing,
  ),
  wire(
    "RoomServiceClient.sendData",
    "livekit.RoomService/SendData",
    (s) =>
      s.room.sendData(room, new TextEncoder().encode('{"type":"ping"}'), SdkDataPacketKind.RELIABLE, {
        destinationIdentities: [identity],
        topic: "chat",
      }),
    // The SDK adds a random 16-byte nonce (LiveKit drops repeated ones); ours sends the one the
    // caller gives, here the SDK's, taken from its recorded request.
    (o, sent) =>
      o.room.sendData({
        room,
        data: new TextEncoder().encode('{"type":"ping"}'),
        kind: DataPacket_Kind.RELIABLE,
        destinationIdentities: [identity],
        topic: "chat",
        nonce: (sent as SendDataRequest).nonce,
      }),
    nothing,
  ),

  // EgressClient
  wire(
    "EgressClient.startRoomCompositeEgress",
    "livekit.Egress/StartRoomCompositeEgress",
    (s) =>
      s.egress.startRoomCompositeEgress(room, sdkFile(), { layout: "speaker", encodingOptions: SdkEncodingOptionsPreset.H264_1080P_30 }),
    // One output: the SDK sends it twice, in the deprecated single `file` and in `fileOutputs`.
    (o) =>
      o.egress.startRoomCompositeEgress({
        roomName: room,
        layout: "speaker",
        options: { case: "preset", value: EncodingOptionsPreset.H264_1080P_30 },
        output: { case: "file", value: file },
        fileOutputs: [file],
      }),
  ),
  wire(
    "EgressClient.startWebEgress",
    "livekit.Egress/StartWebEgress",
    (s) =>
      s.egress.startWebEgress("https://example.com/dashboard", new SdkStreamOutput({ protocol: SdkStreamProtocol.RTMP, ...rtmp }), {
        awaitStartSignal: true,
        encodingOptions: new SdkEncodingOptions({ width: 1280, height: 720, framerate: 30, videoBitrate: 3000 }),
        webhooks: [new SdkWebhookConfig(webhook)],
      }),
    (o) =>
      o.egress.startWebEgress({
        url: "https://example.com/dashboard",
        awaitStartSignal: true,
        options: { case: "advanced", value: { width: 1280, height: 720, framerate: 30, videoBitrate: 3000 } },
        output: { case: "stream", value: { protocol: StreamProtocol.RTMP, ...rtmp } },
        streamOutputs: [{ protocol: StreamProtocol.RTMP, ...rtmp }],
        webhooks: [webhook],
      }),
  ),
  wire(
    "EgressClient.startParticipantEgress",
    "livekit.Egress/StartParticipantEgress",
    (s) =>
      s.egress.startParticipantEgress(
        room,
        identity,
        { file: sdkFile(), images: new SdkImageOutput(images) },
        { screenShare: true, encodingOptions: SdkEncodingOptionsPreset.H264_720P_30 },
      ),
    // The SDK drops the preset H264_720P_30: it is enum value 0, and it tests `if (opts)`. That
    // preset is egress's default, so sending none is the same; ours sends what it is given.
    (o) =>
      o.egress.startParticipantEgress({
        roomName: room,
        identity,
        screenShare: true,
        fileOutputs: [file],
        imageOutputs: [images],
      }),
  ),
  wire(
    "EgressClient.startTrackCompositeEgress",
    "livekit.Egress/StartTrackCompositeEgress",
    (s) =>
      s.egress.startTrackCompositeEgress(room, new SdkSegmentedFileOutput({ protocol: SdkSegmentedFileProtocol.HLS_PROTOCOL, ...hls }), {
        audioTrackId: "TR_a1",
        videoTrackId: "TR_v1",
      }),
    (o) =>
      o.egress.startTrackCompositeEgress({
        roomName: room,
        audioTrackId: "TR_a1",
        videoTrackId: "TR_v1",
        output: { case: "segments", value: { protocol: SegmentedFileProtocol.HLS_PROTOCOL, ...hls } },
        segmentOutputs: [{ protocol: SegmentedFileProtocol.HLS_PROTOCOL, ...hls }],
      }),
  ),
  wire(
    "EgressClient.startTrackEgress",
    "livekit.Egress/StartTrackEgress",
    (s) => s.egress.startTrackEgress(room, "wss://sink.example.com/audio", "TR_mic"),
    (o) =>
      o.egress.startTrackEgress({
        roomName: room,
        trackId: "TR_mic",
        output: { case: "websocketUrl", value: "wss://sink.example.com/audio" },
      }),
  ),
  wire(
    "EgressClient.startEgress",
    "livekit.Egress/StartEgress",
    (s) =>
      s.egress.startEgress(
        new SdkStartEgressRequest({
          roomName: room,
          source: { case: "template", value: new SdkTemplateSource({ layout: "grid" }) },
          encoding: { case: "preset", value: SdkEncodingOptionsPreset.H264_720P_30 },
          outputs: [
            new SdkOutput({
              config: { case: "file", value: new SdkFileOutput({ fileType: SdkEncodedFileType.MP4, filepath: "rec.mp4" }) },
            }),
          ],
        }),
      ),
    (o) =>
      o.egress.startEgress({
        roomName: room,
        source: { case: "template", value: { layout: "grid" } },
        encoding: { case: "preset", value: EncodingOptionsPreset.H264_720P_30 },
        outputs: [{ config: { case: "file", value: { fileType: EncodedFileType.MP4, filepath: "rec.mp4" } } }],
      }),
  ),
  wire(
    "EgressClient.updateLayout",
    "livekit.Egress/UpdateLayout",
    (s) => s.egress.updateLayout("EG_Xq7f2LkP9sTn", "grid"),
    (o) => o.egress.updateLayout({ egressId: "EG_Xq7f2LkP9sTn", layout: "grid" }),
  ),
  wire(
    "EgressClient.updateStream",
    "livekit.Egress/UpdateStream",
    (s) => s.egress.updateStream("EG_Xq7f2LkP9sTn", ["rtmp://b.example.com/live/key"], ["rtmp://c.example.com/live/key"]),
    (o) =>
      o.egress.updateStream({
        egressId: "EG_Xq7f2LkP9sTn",
        addOutputUrls: ["rtmp://b.example.com/live/key"],
        removeOutputUrls: ["rtmp://c.example.com/live/key"],
      }),
  ),
  wire(
    "EgressClient.listEgress",
    "livekit.Egress/ListEgress",
    (s) => s.egress.listEgress({ roomName: room, active: true }),
    (o) => o.egress.listEgress({ roomName: room, active: true }),
    (r) => r.items,
  ),
  wire(
    "EgressClient.stopEgress",
    "livekit.Egress/StopEgress",
    (s) => s.egress.stopEgress("EG_Xq7f2LkP9sTn"),
    (o) => o.egress.stopEgress({ egressId: "EG_Xq7f2LkP9sTn" }),
  ),

  // IngressClient
  wire(
    "IngressClient.createIngress",
    "livekit.Ingress/CreateIngress",
    (s) =>
      s.ingress.createIngress(SdkIngressInput.RTMP_INPUT, {
        name: "OBS studio",
        roomName: room,
        participantIdentity: "obs",
        participantName: "OBS",
        enableTranscoding: true,
      }),
    (o) =>
      o.ingress.createIngress({
        inputType: IngressInput.RTMP_INPUT,
        name: "OBS studio",
        roomName: room,
        participantIdentity: "obs",
        participantName: "OBS",
        enableTranscoding: true,
      }),
  ),
  wire(
    "IngressClient.updateIngress",
    "livekit.Ingress/UpdateIngress",
    (s) => s.ingress.updateIngress("IN_3tVJ5kzQdPj8", { name: "OBS studio", roomName: room, participantIdentity: "obs", enabled: false }),
    (o) =>
      o.ingress.updateIngress({
        ingressId: "IN_3tVJ5kzQdPj8",
        name: "OBS studio",
        roomName: room,
        participantIdentity: "obs",
        enabled: false,
      }),
  ),
  wire(
    "IngressClient.listIngress",
    "livekit.Ingress/ListIngress",
    (s) => s.ingress.listIngress({ roomName: room }),
    (o) => o.ingress.listIngress({ roomName: room }),
    (r) => r.items,
  ),
  wire(
    "IngressClient.deleteIngress",
    "livekit.Ingress/DeleteIngress",
    (s) => s.ingress.deleteIngress("IN_3tVJ5kzQdPj8"),
    (o) => o.ingress.deleteIngress({ ingressId: "IN_3tVJ5kzQdPj8" }),
  ),

  // SipClient (createSipTrunk: see `excluded`)
  wire(
    "SipClient.createSipInboundTrunk",
    "livekit.SIP/CreateSIPInboundTrunk",
    (s) =>
      s.sip.createSipInboundTrunk("Inbound", ["+15105550100"], {
        allowedAddresses: ["203.0.113.0/24"],
        authUsername: "lk-in",
        authPassword: "in-password",
        krispEnabled: true,
        ringingTimeout: 45,
      }),
    (o) =>
      o.sip.createSIPInboundTrunk({
        trunk: {
          name: "Inbound",
          numbers: ["+15105550100"],
          allowedAddresses: ["203.0.113.0/24"],
          authUsername: "lk-in",
          authPassword: "in-password",
          krispEnabled: true,
          ringingTimeout: { seconds: 45n },
        },
      }),
  ),
  wire(
    "SipClient.createSipOutboundTrunk",
    "livekit.SIP/CreateSIPOutboundTrunk",
    (s) =>
      s.sip.createSipOutboundTrunk("Outbound", "sip.example.com", ["+15105550100"], {
        transport: sdkValue<CreateSipOutboundTrunkOptions["transport"]>(SIPTransport.SIP_TRANSPORT_TCP),
        authUsername: "lk-out",
        authPassword: "out-password",
        destinationCountry: "US",
      }),
    (o) =>
      o.sip.createSIPOutboundTrunk({
        trunk: {
          name: "Outbound",
          address: "sip.example.com",
          numbers: ["+15105550100"],
          transport: SIPTransport.SIP_TRANSPORT_TCP,
          authUsername: "lk-out",
          authPassword: "out-password",
          destinationCountry: "US",
        },
      }),
  ),
  wire(
    "SipClient.listSipTrunk",
    "livekit.SIP/ListSIPTrunk",
    (s) => s.sip.listSipTrunk(),
    (o) => o.sip.listSIPTrunk(),
    (r) => r.items,
  ),
  wire(
    "SipClient.listSipInboundTrunk",
    "livekit.SIP/ListSIPInboundTrunk",
    (s) => s.sip.listSipInboundTrunk({ numbers: ["+15105550100"] }),
    (o) => o.sip.listSIPInboundTrunk({ numbers: ["+15105550100"] }),
    (r) => r.items,
  ),
  wire(
    "SipClient.listSipOutboundTrunk",
    "livekit.SIP/ListSIPOutboundTrunk",
    (s) => s.sip.listSipOutboundTrunk({ trunkIds: ["ST_out7Hk3r1"] }),
    (o) => o.sip.listSIPOutboundTrunk({ trunkIds: ["ST_out7Hk3r1"] }),
    (r) => r.items,
  ),
  wire(
    "SipClient.deleteSipTrunk",
    "livekit.SIP/DeleteSIPTrunk",
    (s) => s.sip.deleteSipTrunk("ST_old1"),
    (o) => o.sip.deleteSIPTrunk({ sipTrunkId: "ST_old1" }),
  ),
  wire(
    "SipClient.createSipDispatchRule",
    "livekit.SIP/CreateSIPDispatchRule",
    (s) =>
      s.sip.createSipDispatchRule(
        { type: "individual", roomPrefix: "call-" },
        { name: "Calls", trunkIds: ["ST_in4Vx9q2"], hidePhoneNumber: true, attributes: { team: "support" } },
      ),
    (o) =>
      o.sip.createSIPDispatchRule({
        rule: { rule: { case: "dispatchRuleIndividual", value: { roomPrefix: "call-" } } },
        name: "Calls",
        trunkIds: ["ST_in4Vx9q2"],
        hidePhoneNumber: true,
        attributes: { team: "support" },
      }),
  ),
  wire(
    "SipClient.updateSipDispatchRule",
    "livekit.SIP/UpdateSIPDispatchRule",
    (s) =>
      s.sip.updateSipDispatchRule(
        "SDR_8kLm2Qp4",
        new SdkSIPDispatchRuleInfo({
          sipDispatchRuleId: "SDR_8kLm2Qp4",
          rule: { rule: { case: "dispatchRuleDirect", value: { roomName: "support", pin: "1234" } } },
          trunkIds: ["ST_in4Vx9q2"],
          name: "Support line",
        }),
      ),
    (o) =>
      o.sip.updateSIPDispatchRule({
        sipDispatchRuleId: "SDR_8kLm2Qp4",
        action: {
          case: "replace",
          value: {
            sipDispatchRuleId: "SDR_8kLm2Qp4",
            rule: { rule: { case: "dispatchRuleDirect", value: { roomName: "support", pin: "1234" } } },
            trunkIds: ["ST_in4Vx9q2"],
            name: "Support line",
          },
        },
      }),
  ),
  wire(
    "SipClient.updateSipDispatchRuleFields",
    "livekit.SIP/UpdateSIPDispatchRule",
    // An empty optional string is sent: it clears the metadata.
    (s) => s.sip.updateSipDispatchRuleFields("SDR_8kLm2Qp4", { name: "Calls (EU)", metadata: "", attributes: { region: "eu" } }),
    (o) =>
      o.sip.updateSIPDispatchRule({
        sipDispatchRuleId: "SDR_8kLm2Qp4",
        action: { case: "update", value: { name: "Calls (EU)", metadata: "", attributes: { region: "eu" } } },
      }),
  ),
  wire(
    "SipClient.updateSipInboundTrunk",
    "livekit.SIP/UpdateSIPInboundTrunk",
    (s) =>
      s.sip.updateSipInboundTrunk(
        "ST_in4Vx9q2",
        new SdkSIPInboundTrunkInfo({ sipTrunkId: "ST_in4Vx9q2", name: "Inbound", numbers: ["+15105550100", "+15105550101"] }),
      ),
    (o) =>
      o.sip.updateSIPInboundTrunk({
        sipTrunkId: "ST_in4Vx9q2",
        action: { case: "replace", value: { sipTrunkId: "ST_in4Vx9q2", name: "Inbound", numbers: ["+15105550100", "+15105550101"] } },
      }),
  ),
  wire(
    "SipClient.updateSipInboundTrunkFields",
    "livekit.SIP/UpdateSIPInboundTrunk",
    (s) =>
      s.sip.updateSipInboundTrunkFields("ST_in4Vx9q2", {
        numbers: sdkValue<SipInboundTrunkUpdateOptions["numbers"]>({ add: ["+15105550101"] }),
        authUsername: "",
        authPassword: "",
        name: "Inbound (open)",
      }),
    (o) =>
      o.sip.updateSIPInboundTrunk({
        sipTrunkId: "ST_in4Vx9q2",
        action: {
          case: "update",
          value: { numbers: { add: ["+15105550101"] }, authUsername: "", authPassword: "", name: "Inbound (open)" },
        },
      }),
  ),
  wire(
    "SipClient.updateSipOutboundTrunk",
    "livekit.SIP/UpdateSIPOutboundTrunk",
    (s) =>
      s.sip.updateSipOutboundTrunk(
        "ST_out7Hk3r1",
        new SdkSIPOutboundTrunkInfo({
          sipTrunkId: "ST_out7Hk3r1",
          name: "Outbound",
          address: "sip2.example.com",
          numbers: ["+15105550100"],
        }),
      ),
    (o) =>
      o.sip.updateSIPOutboundTrunk({
        sipTrunkId: "ST_out7Hk3r1",
        action: {
          case: "replace",
          value: { sipTrunkId: "ST_out7Hk3r1", name: "Outbound", address: "sip2.example.com", numbers: ["+15105550100"] },
        },
      }),
  ),
  wire(
    "SipClient.updateSipOutboundTrunkFields",
    "livekit.SIP/UpdateSIPOutboundTrunk",
    // The SDK's options offer allowedNumbers (and allowedAddresses), which SIPOutboundTrunkUpdate
    // does not have: it drops them. Its options lack address, transport and fromHost, which it has.
    (s) =>
      s.sip.updateSipOutboundTrunkFields("ST_out7Hk3r1", {
        name: "Outbound (US)",
        destinationCountry: "",
        metadata: "",
        allowedNumbers: sdkValue<SipOutboundTrunkUpdateOptions["allowedNumbers"]>({ add: ["+15105550199"] }),
      }),
    (o) =>
      o.sip.updateSIPOutboundTrunk({
        sipTrunkId: "ST_out7Hk3r1",
        action: { case: "update", value: { name: "Outbound (US)", destinationCountry: "", metadata: "" } },
      }),
  ),
  wire(
    "SipClient.listSipDispatchRule",
    "livekit.SIP/ListSIPDispatchRule",
    (s) => s.sip.listSipDispatchRule({ trunkIds: ["ST_in4Vx9q2"] }),
    (o) => o.sip.listSIPDispatchRule({ trunkIds: ["ST_in4Vx9q2"] }),
    (r) => r.items,
  ),
  wire(
    "SipClient.deleteSipDispatchRule",
    "livekit.SIP/DeleteSIPDispatchRule",
    (s) => s.sip.deleteSipDispatchRule("SDR_8kLm2Qp4"),
    (o) => o.sip.deleteSIPDispatchRule({ sipDispatchRuleId: "SDR_8kLm2Qp4" }),
  ),
  wire(
    "SipClient.createSipParticipant",
    "livekit.SIP/CreateSIPParticipant",
    (s) =>
      s.sip.createSipParticipant("ST_out7Hk3r1", "+15105550123", "call-room", {
        fromNumber: "+15105550100",
        participantName: "Caller",
        dtmf: "1234#",
        playRingtone: true,
        ringingTimeout: 20,
        maxCallDuration: 3600,
        krispEnabled: true,
      }),
    // The SDK defaults the identity to "sip-participant" and sends the deprecated playRingtone as
    // playDialtone; seconds become google.protobuf.Duration.
    (o) =>
      o.sip.createSIPParticipant({
        sipTrunkId: "ST_out7Hk3r1",
        sipCallTo: "+15105550123",
        roomName: "call-room",
        sipNumber: "+15105550100",
        participantIdentity: "sip-participant",
        participantName: "Caller",
        dtmf: "1234#",
        playDialtone: true,
        ringingTimeout: { seconds: 20n },
        maxCallDuration: { seconds: 3600n },
        krispEnabled: true,
      }),
  ),
  wire(
    "SipClient.transferSipParticipant",
    "livekit.SIP/TransferSIPParticipant",
    (s) => s.sip.transferSipParticipant("call-room", "sip-participant", "tel:+15105550199", { playDialtone: true }),
    // The SDK always sends ringingTimeout, 30 s unless given.
    (o) =>
      o.sip.transferSIPParticipant({
        roomName: "call-room",
        participantIdentity: "sip-participant",
        transferTo: "tel:+15105550199",
        playDialtone: true,
        ringingTimeout: { seconds: 30n },
      }),
    nothing,
  ),

  // AgentDispatchClient
  wire(
    "AgentDispatchClient.createDispatch",
    "livekit.AgentDispatchService/CreateDispatch",
    (s) => s.dispatch.createDispatch(room, "helper", { metadata: '{"lang":"en"}', restartPolicy: SdkJobRestartPolicy.JRP_NEVER }),
    (o) => o.dispatch.createDispatch({ room, agentName: "helper", metadata: '{"lang":"en"}', restartPolicy: JobRestartPolicy.JRP_NEVER }),
  ),
  wire(
    "AgentDispatchClient.deleteDispatch",
    "livekit.AgentDispatchService/DeleteDispatch",
    (s) => s.dispatch.deleteDispatch("AD_Dk2j3Lq9", room),
    (o) => o.dispatch.deleteDispatch({ dispatchId: "AD_Dk2j3Lq9", room }),
    nothing,
  ),
  wire(
    "AgentDispatchClient.getDispatch",
    "livekit.AgentDispatchService/ListDispatch",
    (s) => s.dispatch.getDispatch("AD_Dk2j3Lq9", room),
    (o) => o.dispatch.listDispatch({ dispatchId: "AD_Dk2j3Lq9", room }),
    (r) => r.agentDispatches[0],
  ),
  wire(
    "AgentDispatchClient.listDispatch",
    "livekit.AgentDispatchService/ListDispatch",
    (s) => s.dispatch.listDispatch(room),
    (o) => o.dispatch.listDispatch({ room }),
    (r) => r.agentDispatches,
  ),

  // ConnectorClient
  wire(
    "ConnectorClient.dialWhatsAppCall",
    "livekit.Connector/DialWhatsAppCall",
    (s) =>
      s.connector.dialWhatsAppCall({
        ...whatsapp,
        whatsappToPhoneNumber: "+15105550123",
        agents: [new SdkRoomAgentDispatch({ agentName: "helper" })],
        ringingTimeout: 40,
      }),
    (o) =>
      o.connector.dialWhatsAppCall({
        ...whatsapp,
        whatsappToPhoneNumber: "+15105550123",
        agents: [{ agentName: "helper" }],
        ringingTimeout: { seconds: 40n },
      }),
  ),
  wire(
    "ConnectorClient.acceptWhatsAppCall",
    "livekit.Connector/AcceptWhatsAppCall",
    (s) =>
      s.connector.acceptWhatsAppCall({
        ...whatsapp,
        whatsappCallId: "wacid.HBgL",
        sdp: new SdkSessionDescription(sdp),
        waitUntilAnswered: true,
      }),
    (o) => o.connector.acceptWhatsAppCall({ ...whatsapp, whatsappCallId: "wacid.HBgL", sdp, waitUntilAnswered: true }),
  ),
  wire(
    "ConnectorClient.connectWhatsAppCall",
    "livekit.Connector/ConnectWhatsAppCall",
    (s) => s.connector.connectWhatsAppCall("wacid.HBgL", new SdkSessionDescription({ ...sdp, type: "answer" })),
    (o) => o.connector.connectWhatsAppCall({ whatsappCallId: "wacid.HBgL", sdp: { ...sdp, type: "answer" } }),
  ),
  wire(
    "ConnectorClient.disconnectWhatsAppCall",
    "livekit.Connector/DisconnectWhatsAppCall",
    (s) => s.connector.disconnectWhatsAppCall("wacid.HBgL", whatsapp.whatsappApiKey, SdkDisconnectReason.USER_INITIATED),
    (o) =>
      o.connector.disconnectWhatsAppCall({
        whatsappCallId: "wacid.HBgL",
        whatsappApiKey: whatsapp.whatsappApiKey,
        disconnectReason: DisconnectWhatsAppCallRequest_DisconnectReason.USER_INITIATED,
      }),
  ),
  wire(
    "ConnectorClient.connectTwilioCall",
    "livekit.Connector/ConnectTwilioCall",
    (s) =>
      s.connector.connectTwilioCall({
        twilioCallDirection: SdkTwilioCallDirection.OUTBOUND,
        roomName: "twilio-call",
        participantIdentity: "twilio-caller",
        agents: [new SdkRoomAgentDispatch({ agentName: "helper" })],
      }),
    (o) =>
      o.connector.connectTwilioCall({
        twilioCallDirection: ConnectTwilioCallRequest_TwilioCallDirection.OUTBOUND,
        roomName: "twilio-call",
        participantIdentity: "twilio-caller",
        agents: [{ agentName: "helper" }],
      }),
  ),
];

// ---------------------------------------------------------------------------------------------
// How two recorded requests and two results are compared.

/** The request body as a message of the RPC's input; an unknown field fails. */
function sentMessage(schema: DescMessage, request: RecordedRequest): Message {
  expect(request.headers["content-type"]).toMatch(/^application\/json\b/);
  return fromJson(schema, JSON.parse(request.body.toString("utf8")) as JsonValue, { ignoreUnknownFields: false });
}

function expectSameMessage(schema: DescMessage, ours: Message, theirs: Message): void {
  // The JSON first, for a readable diff; equals() decides.
  expect(toJson(schema, ours, { alwaysEmitImplicit: true })).toEqual(toJson(schema, theirs, { alwaysEmitImplicit: true }));
  expect(equals(schema, ours, theirs)).toBe(true);
}

/**
 * The claims of the request's token, verified with the secret; exp, nbf, iat and jti are checked
 * here and left out of the result: 600 s on both sides, valid now and for at least another minute
 * (the SDK signs for each call; ours reuses a token of the same grant until 60 s before it expires).
 */
async function claimsOf(request: RecordedRequest, now: number): Promise<JWTPayload> {
  const header = request.headers.authorization ?? "";
  expect(header).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  const { payload } = await jwtVerify(header.slice("Bearer ".length), new TextEncoder().encode(apiSecret), {
    algorithms: ["HS256"],
    issuer: apiKey,
  });
  const { exp, nbf, iat, jti, ...claims } = payload;
  expect(exp! - nbf!).toBe(600);
  expect(nbf).toBeLessThanOrEqual(now + 5);
  expect(exp).toBeGreaterThanOrEqual(now + 60);
  if (iat !== undefined) expect(iat).toBeGreaterThanOrEqual(nbf! - 5);
  if (jti !== undefined) expect(jti).toMatch(/^\S+$/);
  return claims;
}

/**
 * The one normalised difference in claims: the SDK signs `video: {}` beside every `sip` grant
 * (`authHeader({}, { admin: true })`); LiveKit reads an empty video claim and an absent one alike
 * (no permission either way), and ours leaves it out. Dropped here on both sides.
 */
function withoutEmptyVideoBesideSip(claims: JWTPayload): JWTPayload {
  const { video, ...rest } = claims;
  const empty = typeof video === "object" && video !== null && Object.keys(video).length === 0;
  return rest["sip"] !== undefined && empty ? rest : claims;
}

/** The SDK's result (protobuf-es v1 messages) read into our schema, and compared with our part. */
function expectSameResult(sdkResult: unknown, ours: Picked): void {
  if (ours === undefined) {
    expect(sdkResult).toBeUndefined();
    return;
  }
  const pairs: [unknown, Message][] = [];
  if (Array.isArray(ours)) {
    expect(ours.length, "the fixed answer should list something").toBeGreaterThan(0);
    expect(Array.isArray(sdkResult) && sdkResult.length).toBe(ours.length);
    ours.forEach((message: Message, i: number) => pairs.push([(sdkResult as unknown[])[i], message]));
  } else {
    pairs.push([sdkResult, ours as Message]);
  }
  for (const [theirs, message] of pairs) {
    const schema = registry.getMessage(message.$typeName)!;
    expect(schema).toBeDefined();
    const json = (theirs as { toJson(): JsonValue }).toJson();
    expectSameMessage(schema, message, fromJson(schema, json, { ignoreUnknownFields: false }));
  }
}

// ---------------------------------------------------------------------------------------------

let server: TestServer;
let sdk: SdkClients;
let ours: OurClients;
beforeAll(() => {
  sdk = sdkClients(serverOf().url);
  ours = ourClients(serverOf().url);
});
beforeEach(() => {
  server = serverOf();
});

describe("livekit-server-sdk 2.19 and our clients on the wire", () => {
  it("the table covers every public method of the SDK's six clients, save the one excluded", () => {
    const sdkDist = dirname(createRequire(import.meta.url).resolve("livekit-server-sdk"));
    const publicMethods = Object.entries(sdkClientClasses).flatMap(([name, cls]) => {
      // TypeScript-private helpers (EgressClient.getOutputParams, ...) are on the prototype too;
      // the SDK's declarations say which.
      const declarations = readFileSync(join(sdkDist, `${name}.d.ts`), "utf8");
      const hidden = new Set([...declarations.matchAll(/^\s+private (?:readonly )?(\w+)/gm)].map((m) => m[1]));
      return Object.getOwnPropertyNames(cls.prototype)
        .filter((key) => key !== "constructor" && typeof Object.getOwnPropertyDescriptor(cls.prototype, key)?.value === "function")
        .filter((key) => !hidden.has(key))
        .map((key) => `${name}.${key}`);
    });
    const listed = cases.map((c) => c.sdk);
    expect(new Set(listed).size, "one case per SDK method").toBe(listed.length);
    expect([...listed, ...Object.keys(excluded)].sort()).toEqual([...publicMethods].sort());
    const perClient = Object.fromEntries(
      Object.keys(sdkClientClasses).map((name) => [name, listed.filter((m) => m.startsWith(`${name}.`)).length]),
    );
    expect(perClient).toEqual({
      RoomServiceClient: 13,
      EgressClient: 10,
      IngressClient: 4,
      SipClient: 17,
      AgentDispatchClient: 4,
      ConnectorClient: 5,
    });
  });

  it("the exclusion still holds: SipClient.createSipTrunk calls an RPC that livekit.SIP no longer declares", () => {
    expect(typeof SdkSipClient.prototype.createSipTrunk).toBe("function");
    expect(methods.has("livekit.SIP/CreateSIPTrunk")).toBe(false);
    expect(methods.has("livekit.SIP/CreateSIPInboundTrunk") && methods.has("livekit.SIP/CreateSIPOutboundTrunk")).toBe(true);
  });

  it.each(cases)("$sdk -> $rpc", async ({ rpc, callSdk, callOurs, pick }) => {
    const method = methods.get(rpc)!;
    expect(method, `our services declare ${rpc}`).toBeDefined();
    const answer = answers[rpc]!;
    expect(answer.$typeName).toBe(method.output.typeName);
    const now = Math.floor(Date.now() / 1000);

    const sdkResult = await callSdk(sdk);
    expect(server.requests).toHaveLength(1);
    const sdkSent = sentMessage(method.input, server.requests[0]!);
    const ourResult = await callOurs(ours, sdkSent);
    expect(server.requests).toHaveLength(2);
    const [theirs, mine] = server.requests as [RecordedRequest, RecordedRequest];

    expect([theirs.method, theirs.path]).toEqual(["POST", `/twirp/${rpc}`]);
    expect([mine.method, mine.path]).toEqual(["POST", `/twirp/${rpc}`]);
    expectSameMessage(method.input, sentMessage(method.input, mine), sdkSent);
    expect(withoutEmptyVideoBesideSip(await claimsOf(mine, now))).toEqual(withoutEmptyVideoBesideSip(await claimsOf(theirs, now)));
    expectSameMessage(method.output, ourResult, answer);
    expectSameResult(sdkResult, pick(ourResult));
  });
});
