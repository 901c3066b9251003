// The inspector: `GET /` is a page that shows the dev server's state live, `GET /events` the
// server-sent events it reads (a JSON snapshot whenever the state changes; the state is
// serialized every `inspectorTiming.pollMs` and sent when it differs from the last one sent).
//
// Local only and without authentication, so nothing secret may reach it: the snapshot is built
// field by field from a whitelist (never a message as it is), and leaves out or masks what is a
// credential: the API keys and secrets (never read here), tokens and Authorization headers
// (never stored), a room's TURN password, ingress stream keys, the credentials and query of
// every URL (egress stream URLs hold stream keys), SIP trunk passwords and dispatch rule PINs,
// egress storage credentials (the egress request is not shown at all).
//
// The routes answer GET and HEAD on exactly `/` and `/events`; every other request (any other
// path, `/twirp/...` included, or another method) goes to the Twirp handler, which
// authenticates first. A Host that is neither an IP address nor `localhost` is refused (403),
// so a web page cannot read the inspector through DNS rebinding.
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { create } from "@bufbuild/protobuf";
import { ListAgentDispatchRequestSchema } from "livekit-room-api/livekit_agent_dispatch_pb";
import { JobStatus } from "livekit-room-api/livekit_agent_pb";
import { EgressStatus, ListEgressRequestSchema, StreamInfo_Status } from "livekit-room-api/livekit_egress_pb";
import { IngressInput, IngressState_Status, ListIngressRequestSchema } from "livekit-room-api/livekit_ingress_pb";
import { DataPacket_Kind, ParticipantInfo_Kind, ParticipantInfo_State, TrackSource, TrackType } from "livekit-room-api/livekit_models_pb";
import {
  ListSIPDispatchRuleRequestSchema,
  ListSIPInboundTrunkRequestSchema,
  ListSIPOutboundTrunkRequestSchema,
  SIPTransport,
} from "livekit-room-api/livekit_sip_pb";
import type { LocalAgentDispatch } from "./agent-dispatch-service.js";
import { egressOf } from "./egress-service.js";
import { ingressOf } from "./ingress-service.js";
import { inspectorPage } from "./inspector-page.js";
import type { LocalRooms } from "./rooms.js";
import type { LocalSIP } from "./sip-service.js";
import type { Webhooks } from "./webhooks.js";

/** How often the state is compared (ms), how often an idle stream gets a comment (ms), data packets shown per room. */
export const inspectorTiming = { pollMs: 250, keepAliveMs: 15_000, packetsPerRoom: 10 };

/** What the inspector reads. The optional parts absent, the page says they are not wired. */
export interface InspectorSources {
  readonly rooms: LocalRooms;
  readonly sip?: Pick<LocalSIP, "listSIPInboundTrunk" | "listSIPOutboundTrunk" | "listSIPDispatchRule"> | undefined;
  readonly agentDispatch?: Pick<LocalAgentDispatch, "listDispatch"> | undefined;
  /**
   * The webhook sender (src/webhooks.ts): its delivery log (`deliveries()`, oldest first) and
   * queues (`queues()`, one per `--webhook` URL). Only the fields of `DeliveryView` are read.
   */
  readonly webhooks?: Pick<Webhooks, "deliveries" | "queues"> | undefined;
}

// ---- The snapshot: what the page shows, and nothing else.

export interface InspectorSnapshot {
  readonly rooms: RoomView[];
  readonly egress: EgressView[];
  readonly ingress: IngressView[];
  /** null: the SIP service is not wired to the inspector. */
  readonly sip: { inboundTrunks: InboundTrunkView[]; outboundTrunks: OutboundTrunkView[]; dispatchRules: DispatchRuleView[] } | null;
  /** null: the AgentDispatch service is not wired to the inspector. */
  readonly agentDispatches: AgentDispatchView[] | null;
  /** null: the webhook sender is not wired to the inspector. */
  readonly webhooks: { queues: QueueView[]; deliveries: DeliveryView[] } | null;
}

interface RoomView {
  sid: string;
  name: string;
  createdAt: number;
  emptyTimeout: number;
  departureTimeout: number;
  maxParticipants: number;
  metadata: string;
  participants: ParticipantView[];
  /** The newest data packets the room keeps, oldest first. */
  data: PacketView[];
  /** How many packets the room keeps in all. */
  dataCount: number;
}
interface ParticipantView {
  sid: string;
  identity: string;
  name: string;
  kind: string;
  state: string;
  joinedAt: number;
  metadata: string;
  attributes: number;
  canPublish: boolean;
  canSubscribe: boolean;
  canPublishData: boolean;
  subscriptions: number;
  forwardedFrom: string | null;
  tracks: TrackView[];
}
interface TrackView {
  sid: string;
  type: string;
  source: string;
  name: string;
  mimeType: string;
  muted: boolean;
  width: number;
  height: number;
}
interface PacketView {
  topic: string | null;
  bytes: number;
  kind: string;
  recipients: number;
}
interface EgressView {
  egressId: string;
  roomName: string;
  kind: string;
  status: string;
  startedAt: number | null;
  endedAt: number | null;
  updatedAt: number | null;
  error: string;
  files: string[];
  streams: { url: string; status: string }[];
}
interface IngressView {
  ingressId: string;
  name: string;
  inputType: string;
  url: string;
  streamKey: string;
  roomName: string;
  participantIdentity: string;
  enabled: boolean;
  status: string;
  error: string;
}
interface InboundTrunkView {
  sipTrunkId: string;
  name: string;
  numbers: string[];
  allowedAddresses: string[];
  auth: boolean;
}
interface OutboundTrunkView {
  sipTrunkId: string;
  name: string;
  address: string;
  transport: string;
  numbers: string[];
  auth: boolean;
}
interface DispatchRuleView {
  sipDispatchRuleId: string;
  name: string;
  rule: string;
  room: string;
  pin: boolean;
  trunkIds: string[];
}
interface AgentDispatchView {
  id: string;
  agentName: string;
  room: string;
  jobs: { id: string; status: string; participantIdentity: string }[];
}
interface QueueView {
  url: string;
  pending: number;
  dropped: number;
}
interface DeliveryView {
  eventId: string;
  event: string;
  url: string;
  status: string;
  attempts: number;
  httpStatus: number | null;
  lastError: string;
  queuedAt: number | null;
  lastAttemptAt: number | null;
  finishedAt: number | null;
}

/** What is shown of a message's free text (metadata, errors): the first 200 characters. */
const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);
const enumName = (names: Record<number, string>, value: number | undefined) => (value === undefined ? "" : (names[value] ?? String(value)));
const nsToMs = (ns: bigint) => (ns === 0n ? null : Number(ns / 1_000_000n));

/**
 * A URL as the page may show it: scheme, host and port, and `/…` where there was more. The path
 * and query of a stream or webhook URL can hold a key (`rtmp://host/live2/<stream key>`,
 * `?token=`), the user info a password.
 */
export function safeUrl(url: string): string {
  if (url === "") return "";
  try {
    const parsed = new URL(url);
    const more = (parsed.pathname !== "/" && parsed.pathname !== "") || parsed.search !== "" || parsed.hash !== "";
    const host = parsed.host === "" ? "" : `//${parsed.host}`;
    return `${parsed.protocol}${host}${more ? "/…" : ""}`;
  } catch {
    return "(hidden: not a URL)";
  }
}

/** The state as the page shows it (see the module comment for what is left out). */
export async function inspectorSnapshot(sources: InspectorSources): Promise<InspectorSnapshot> {
  const { rooms } = sources;
  const open = rooms.all();
  const roomViews = open.map((local): RoomView => {
    const { room } = local;
    return {
      sid: room.sid,
      name: room.name,
      createdAt: Number(room.creationTimeMs),
      emptyTimeout: room.emptyTimeout,
      departureTimeout: room.departureTimeout,
      maxParticipants: room.maxParticipants,
      metadata: clip(room.metadata),
      participants: [...local.participants.values()].map(({ info, subscriptions, forwardedFrom }) => ({
        sid: info.sid,
        identity: info.identity,
        name: info.name,
        kind: enumName(ParticipantInfo_Kind, info.kind),
        state: enumName(ParticipantInfo_State, info.state),
        joinedAt: Number(info.joinedAtMs),
        metadata: clip(info.metadata),
        attributes: Object.keys(info.attributes).length,
        canPublish: info.permission?.canPublish ?? false,
        canSubscribe: info.permission?.canSubscribe ?? false,
        canPublishData: info.permission?.canPublishData ?? false,
        subscriptions: subscriptions.size,
        forwardedFrom: forwardedFrom ?? null,
        tracks: info.tracks.map((track) => ({
          sid: track.sid,
          type: enumName(TrackType, track.type),
          source: enumName(TrackSource, track.source),
          name: track.name,
          mimeType: track.mimeType,
          muted: track.muted,
          width: track.width,
          height: track.height,
        })),
      })),
      data: local.data.slice(-inspectorTiming.packetsPerRoom).map(({ packet, to }) => ({
        topic: packet.topic ?? null,
        bytes: packet.payload.byteLength,
        kind: enumName(DataPacket_Kind, packet.kind),
        recipients: to.size,
      })),
      dataCount: local.data.length,
    };
  });
  const egress = egressOf(rooms)
    .list(create(ListEgressRequestSchema))
    .map(
      (info): EgressView => ({
        egressId: info.egressId,
        roomName: info.roomName,
        kind: info.request.case ?? "",
        status: enumName(EgressStatus, info.status),
        startedAt: nsToMs(info.startedAt),
        endedAt: nsToMs(info.endedAt),
        updatedAt: nsToMs(info.updatedAt),
        error: clip(info.error),
        files: info.fileResults.map((file) => file.filename),
        streams: info.streamResults.map((stream) => ({ url: safeUrl(stream.url), status: enumName(StreamInfo_Status, stream.status) })),
      }),
    );
  const ingress = ingressOf(rooms)
    .list(create(ListIngressRequestSchema))
    .map(
      (info): IngressView => ({
        ingressId: info.ingressId,
        name: info.name,
        inputType: enumName(IngressInput, info.inputType),
        // The RTMP and WHIP base URLs are the server's; a URL input's source may hold credentials.
        url: info.inputType === IngressInput.URL_INPUT ? safeUrl(info.url) : info.url,
        streamKey: info.streamKey === "" ? "" : "set (hidden)",
        roomName: info.roomName,
        participantIdentity: info.participantIdentity,
        enabled: info.enabled ?? true,
        status: enumName(IngressState_Status, info.state?.status),
        error: clip(info.state?.error ?? ""),
      }),
    );
  let sip: InspectorSnapshot["sip"] = null;
  if (sources.sip !== undefined) {
    const [inbound, outbound, rules] = await Promise.all([
      sources.sip.listSIPInboundTrunk(create(ListSIPInboundTrunkRequestSchema)),
      sources.sip.listSIPOutboundTrunk(create(ListSIPOutboundTrunkRequestSchema)),
      sources.sip.listSIPDispatchRule(create(ListSIPDispatchRuleRequestSchema)),
    ]);
    sip = {
      inboundTrunks: (inbound.items ?? []).map((t) => ({
        sipTrunkId: t.sipTrunkId,
        name: t.name,
        numbers: [...t.numbers],
        allowedAddresses: [...t.allowedAddresses],
        auth: t.authUsername !== "" || t.authPassword !== "",
      })),
      outboundTrunks: (outbound.items ?? []).map((t) => ({
        sipTrunkId: t.sipTrunkId,
        name: t.name,
        address: t.address,
        transport: enumName(SIPTransport, t.transport),
        numbers: [...t.numbers],
        auth: t.authUsername !== "" || t.authPassword !== "",
      })),
      dispatchRules: (rules.items ?? []).map((r) => {
        const rule = r.rule?.rule;
        const value = rule?.value as { roomName?: string; roomPrefix?: string; pin?: string } | undefined;
        return {
          sipDispatchRuleId: r.sipDispatchRuleId,
          name: r.name,
          rule: rule?.case ?? "",
          room: value?.roomName ?? (value?.roomPrefix === undefined ? "" : `${value.roomPrefix}*`),
          pin: (value?.pin ?? "") !== "",
          trunkIds: [...r.trunkIds],
        };
      }),
    };
  }
  let agentDispatches: AgentDispatchView[] | null = null;
  if (sources.agentDispatch !== undefined) {
    agentDispatches = [];
    for (const local of open) {
      const { agentDispatches: list } = await sources.agentDispatch.listDispatch(
        create(ListAgentDispatchRequestSchema, { room: local.room.name }),
      );
      for (const d of list)
        agentDispatches.push({
          id: d.id,
          agentName: d.agentName,
          room: d.room,
          jobs: (d.state?.jobs ?? []).map((job) => ({
            id: job.id,
            status: enumName(JobStatus, job.state?.status),
            participantIdentity: job.state?.participantIdentity ?? "",
          })),
        });
    }
  }
  const webhooks =
    sources.webhooks === undefined
      ? null
      : {
          queues: sources.webhooks.queues().map((q) => ({ url: safeUrl(q.url), pending: q.pending, dropped: q.dropped })),
          deliveries: sources.webhooks.deliveries().map(
            (d): DeliveryView => ({
              eventId: d.eventId,
              event: d.event,
              url: safeUrl(d.url),
              status: d.status,
              attempts: d.attempts,
              httpStatus: d.httpStatus ?? null,
              lastError: clip(d.lastError ?? ""),
              queuedAt: d.queuedAt ?? null,
              lastAttemptAt: d.lastAttemptAt ?? null,
              finishedAt: d.finishedAt ?? null,
            }),
          ),
        };
  return { rooms: roomViews, egress, ingress, sip, agentDispatches, webhooks };
}

// ---- The routes.

export interface Inspector {
  /** Answers `GET /` and `GET /events` (and HEAD); false for any other request, left to the next handler. */
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Ends the event streams and stops polling. */
  close(): void;
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
const page = inspectorPage();
const pageHeaders = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  // Only the page's own script and style run; it connects to /events and nowhere else.
  "content-security-policy": [
    "default-src 'none'",
    `script-src ${sha256(page.script)}`,
    `style-src ${sha256(page.style)}`,
    "connect-src 'self'",
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; "),
};

/** Whether a Host header names this machine by address or as localhost (not a DNS name an attacker controls). */
function localHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) ||
    (hostname.startsWith("[") && hostname.endsWith("]"))
  );
}

interface Client {
  readonly response: ServerResponse;
  last: string | undefined;
  blocked: boolean;
}

export function createInspector(sources: InspectorSources): Inspector {
  const clients = new Set<Client>();
  let timer: NodeJS.Timeout | undefined;
  let ticking = false;
  let idleSince = Date.now();
  let lastFailure = "";

  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      const json = JSON.stringify(await inspectorSnapshot(sources));
      let sent = false;
      for (const client of clients) {
        if (client.blocked || client.last === json) continue;
        client.last = json;
        sent = true;
        if (!client.response.write(`data: ${json}\n\n`)) {
          client.blocked = true;
          client.response.once("drain", () => {
            client.blocked = false;
          });
        }
      }
      if (sent) idleSince = Date.now();
      else if (Date.now() - idleSince >= inspectorTiming.keepAliveMs) {
        idleSince = Date.now();
        for (const client of clients) if (!client.blocked) client.response.write(": keep-alive\n\n");
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastFailure) console.error("dev-server: the inspector could not read the state:", error);
      lastFailure = message;
    } finally {
      ticking = false;
    }
  };

  const stream = (request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      connection: "keep-alive",
    });
    if (request.method === "HEAD") {
      response.end();
      return;
    }
    response.write("retry: 1000\n\n");
    const client: Client = { response, last: undefined, blocked: false };
    clients.add(client);
    response.once("close", () => {
      clients.delete(client);
      if (clients.size === 0 && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
    });
    if (timer === undefined) {
      timer = setInterval(() => void tick(), inspectorTiming.pollMs);
      timer.unref();
    }
    void tick();
  };

  return {
    handle(request, response) {
      const path = (request.url ?? "").split("?", 1)[0];
      if ((path !== "/" && path !== "/events") || (request.method !== "GET" && request.method !== "HEAD")) return false;
      // Nothing in a GET body is read; drop it.
      request.resume();
      if (!localHost(request.headers.host)) {
        response.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
        response.end("the inspector answers only to http://localhost:<port>/ or http://<IP address>:<port>/\n");
        return true;
      }
      if (path === "/events") stream(request, response);
      else {
        response.writeHead(200, pageHeaders);
        response.end(request.method === "HEAD" ? undefined : page.html);
      }
      return true;
    },
    close() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      for (const client of clients) client.response.end();
      clients.clear();
    },
  };
}
