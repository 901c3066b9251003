// LiveKit's SIP service on the in-memory rooms: trunks and dispatch rules kept in memory with
// LiveKit's validation and conflict checks, and outbound calls as SIP participants joining a
// room (facts from livekit/livekit pkg/service/sip.go, redisstore_sip.go, errors.go; messages
// from livekit/protocol livekit/sip.go, sip/sip.go, rpc/sip.go). There is no SIP bridge: a call
// is answered at once, and a transfer succeeds at once.
import { clone, create } from "@bufbuild/protobuf";
import {
  type ListUpdate,
  type Pagination,
  ParticipantInfo_Kind,
  ParticipantInfo_State,
  ParticipantInfoSchema,
} from "livekit-room-api/livekit_models_pb";
import {
  type CreateSIPDispatchRuleRequest,
  type CreateSIPInboundTrunkRequest,
  type CreateSIPOutboundTrunkRequest,
  type CreateSIPParticipantRequest,
  type DeleteSIPDispatchRuleRequest,
  type DeleteSIPTrunkRequest,
  type GetSIPInboundTrunkRequest,
  type GetSIPOutboundTrunkRequest,
  type ListSIPDispatchRuleRequest,
  type ListSIPInboundTrunkRequest,
  type ListSIPOutboundTrunkRequest,
  type ListSIPTrunkRequest,
  type SIPDispatchRuleInfo,
  SIPDispatchRuleInfoSchema,
  type SIPInboundTrunkInfo,
  type SIPInboundTrunkUpdate,
  SIPInboundTrunkInfoSchema,
  type SIPOutboundTrunkInfo,
  type SIPOutboundTrunkUpdate,
  SIPOutboundTrunkInfoSchema,
  SIPTransferStatus,
  type SIPTrunkInfo,
  SIPTrunkInfo_TrunkKind,
  SIPTrunkInfoSchema,
  type TransferSIPParticipantRequest,
  type UpdateSIPDispatchRuleRequest,
  type UpdateSIPInboundTrunkRequest,
  type UpdateSIPOutboundTrunkRequest,
} from "livekit-room-api/livekit_sip_pb";
import type { SIPImplementation } from "livekit-room-api/livekit_sip_server";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { attributesSize, byteLength, checkIdentityLength, checkRoomNameLength, checkSize, limits } from "./limits.js";
import { type LocalRooms, newId, participantOf } from "./rooms.js";

/** What the SIP service keeps, at most (README.md, "SIP"): past it, a create is `resource_exhausted`. */
export const sipLimits = { inboundTrunks: 1000, outboundTrunks: 1000, dispatchRules: 1000 };

const invalid = (message: string) => new TwirpError("invalid_argument", message);
const trunkNotFound = () => new TwirpError("not_found", "requested sip trunk does not exist");
const ruleNotFound = () => new TwirpError("not_found", "requested sip dispatch rule does not exist");
const full = (what: string, limit: number) =>
  new TwirpError("resource_exhausted", `the dev server keeps at most ${limit} SIP ${what}; delete some first`);

export class LocalSIP implements SIPImplementation {
  // Insertion order; lists are sorted by id as LiveKit's store sorts its pages.
  readonly #inbound = new Map<string, SIPInboundTrunkInfo>();
  readonly #outbound = new Map<string, SIPOutboundTrunkInfo>();
  readonly #rules = new Map<string, SIPDispatchRuleInfo>();

  constructor(private readonly rooms: LocalRooms) {}

  /** Deprecated: every trunk as the legacy SIPTrunkInfo (inbound first, then outbound, each page sorted by id). */
  async listSIPTrunk(request: ListSIPTrunkRequest) {
    const items: SIPTrunkInfo[] = [
      ...[...this.#inbound.values()].map(inboundAsTrunkInfo),
      ...[...this.#outbound.values()].map(outboundAsTrunkInfo),
    ].filter((t) => afterPage(t.sipTrunkId, request.page));
    return { items: page(items, (t) => t.sipTrunkId, request.page) };
  }

  async createSIPInboundTrunk(request: CreateSIPInboundTrunkRequest) {
    if (request.trunk === undefined) throw invalid("missing trunk");
    if (request.trunk.sipTrunkId !== "") throw invalid("trunk id must not be set");
    const info = clone(SIPInboundTrunkInfoSchema, request.trunk);
    validateInbound(info);
    validateTrunks([...this.#inbound.values(), info]);
    if (this.#inbound.size >= sipLimits.inboundTrunks) throw full("inbound trunks", sipLimits.inboundTrunks);
    info.sipTrunkId = newId("ST_");
    this.#inbound.set(info.sipTrunkId, info);
    return info;
  }

  async createSIPOutboundTrunk(request: CreateSIPOutboundTrunkRequest) {
    if (request.trunk === undefined) throw invalid("missing trunk");
    if (request.trunk.sipTrunkId !== "") throw invalid("trunk id must not be set");
    const info = clone(SIPOutboundTrunkInfoSchema, request.trunk);
    validateOutbound(info);
    if (this.#outbound.size >= sipLimits.outboundTrunks) throw full("outbound trunks", sipLimits.outboundTrunks);
    info.sipTrunkId = newId("ST_");
    this.#outbound.set(info.sipTrunkId, info);
    return info;
  }

  async updateSIPInboundTrunk(request: UpdateSIPInboundTrunkRequest) {
    const action = updateAction<SIPInboundTrunkInfo, SIPInboundTrunkUpdate>(
      request.sipTrunkId,
      request.action,
      "trunk",
      (v) => v.sipTrunkId,
    );
    const current = this.#inbound.get(request.sipTrunkId);
    if (current === undefined) throw trunkNotFound();
    let info: SIPInboundTrunkInfo;
    if (action.case === "replace") {
      info = clone(SIPInboundTrunkInfoSchema, action.value);
      info.sipTrunkId = current.sipTrunkId;
    } else {
      info = clone(SIPInboundTrunkInfoSchema, current);
      const u = action.value;
      applyList(info, "numbers", u.numbers);
      applyList(info, "allowedAddresses", u.allowedAddresses);
      applyList(info, "allowedNumbers", u.allowedNumbers);
      for (const key of ["authUsername", "authPassword", "authRealm", "name", "metadata"] as const) {
        const value = u[key];
        if (value !== undefined) info[key] = value;
      }
      if (u.mediaEncryption !== undefined) info.mediaEncryption = u.mediaEncryption;
    }
    validateInbound(info);
    validateTrunks([...this.#inbound.values()].map((t) => (t.sipTrunkId === info.sipTrunkId ? info : t)));
    this.#inbound.set(info.sipTrunkId, info);
    return info;
  }

  async updateSIPOutboundTrunk(request: UpdateSIPOutboundTrunkRequest) {
    const action = updateAction<SIPOutboundTrunkInfo, SIPOutboundTrunkUpdate>(
      request.sipTrunkId,
      request.action,
      "trunk",
      (v) => v.sipTrunkId,
    );
    const current = this.#outbound.get(request.sipTrunkId);
    if (current === undefined) throw trunkNotFound();
    let info: SIPOutboundTrunkInfo;
    if (action.case === "replace") {
      info = clone(SIPOutboundTrunkInfoSchema, action.value);
      info.sipTrunkId = current.sipTrunkId;
    } else {
      info = clone(SIPOutboundTrunkInfoSchema, current);
      const u = action.value;
      applyList(info, "numbers", u.numbers);
      for (const key of ["address", "destinationCountry", "authUsername", "authPassword", "name", "metadata", "fromHost"] as const) {
        const value = u[key];
        if (value !== undefined) info[key] = value;
      }
      if (u.transport !== undefined) info.transport = u.transport;
      if (u.mediaEncryption !== undefined) info.mediaEncryption = u.mediaEncryption;
    }
    validateOutbound(info);
    this.#outbound.set(info.sipTrunkId, info);
    return info;
  }

  async getSIPInboundTrunk(request: GetSIPInboundTrunkRequest) {
    if (request.sipTrunkId === "") throw invalid("trunk ID is required");
    const trunk = this.#inbound.get(request.sipTrunkId);
    if (trunk === undefined) throw trunkNotFound();
    return { trunk };
  }

  async getSIPOutboundTrunk(request: GetSIPOutboundTrunkRequest) {
    if (request.sipTrunkId === "") throw invalid("trunk ID is required");
    const trunk = this.#outbound.get(request.sipTrunkId);
    if (trunk === undefined) throw trunkNotFound();
    return { trunk };
  }

  async listSIPInboundTrunk(request: ListSIPInboundTrunkRequest) {
    const items = [...this.#inbound.values()].filter(
      (t) =>
        (request.trunkIds.length === 0 || request.trunkIds.includes(t.sipTrunkId)) &&
        (request.numbers.length === 0 ||
          t.numbers.length === 0 ||
          t.numbers.some((n) => request.numbers.some((r) => normalizeNumber(r) === normalizeNumber(n)))) &&
        afterPage(t.sipTrunkId, request.page),
    );
    return { items: page(items, (t) => t.sipTrunkId, request.page) };
  }

  async listSIPOutboundTrunk(request: ListSIPOutboundTrunkRequest) {
    const items = [...this.#outbound.values()].filter(
      (t) =>
        (request.trunkIds.length === 0 || request.trunkIds.includes(t.sipTrunkId)) &&
        (request.numbers.length === 0 ||
          t.numbers.length === 0 ||
          t.numbers.some((n) => request.numbers.some((r) => normalizeNumber(r) === normalizeNumber(n)))) &&
        afterPage(t.sipTrunkId, request.page),
    );
    return { items: page(items, (t) => t.sipTrunkId, request.page) };
  }

  /** Deletes an inbound or outbound trunk; as LiveKit, an unknown id is no error. */
  async deleteSIPTrunk(request: DeleteSIPTrunkRequest) {
    if (request.sipTrunkId === "") throw invalid("trunk ID is required");
    this.#inbound.delete(request.sipTrunkId);
    this.#outbound.delete(request.sipTrunkId);
    return create(SIPTrunkInfoSchema, { sipTrunkId: request.sipTrunkId });
  }

  async createSIPDispatchRule(request: CreateSIPDispatchRuleRequest) {
    let info: SIPDispatchRuleInfo;
    if (request.dispatchRule !== undefined) {
      if (request.dispatchRule.sipDispatchRuleId !== "") throw invalid("rule id must not be set");
      info = clone(SIPDispatchRuleInfoSchema, request.dispatchRule);
    } else {
      // The legacy fields.
      info = create(SIPDispatchRuleInfoSchema, {
        rule: request.rule,
        trunkIds: request.trunkIds,
        inboundNumbers: request.inboundNumbers,
        hidePhoneNumber: request.hidePhoneNumber,
        name: request.name,
        metadata: request.metadata,
        attributes: request.attributes,
        roomPreset: request.roomPreset,
        roomConfig: request.roomConfig,
      });
    }
    validateRule(info);
    validateRules([...this.#rules.values(), info]);
    if (this.#rules.size >= sipLimits.dispatchRules) throw full("dispatch rules", sipLimits.dispatchRules);
    info.sipDispatchRuleId = newId("SDR_");
    this.#rules.set(info.sipDispatchRuleId, info);
    return info;
  }

  async updateSIPDispatchRule(request: UpdateSIPDispatchRuleRequest) {
    if (request.sipDispatchRuleId === "") throw invalid("rule id must be set");
    const action = request.action;
    if (action.case === undefined) throw invalid("missing or unsupported update action");
    if (action.case === "replace") {
      const id = action.value.sipDispatchRuleId;
      if (id !== "" && id !== request.sipDispatchRuleId) throw invalid("rule id in the info must be empty or match the id in the update");
      validateRule(action.value);
    }
    const current = this.#rules.get(request.sipDispatchRuleId);
    if (current === undefined) throw ruleNotFound();
    let info: SIPDispatchRuleInfo;
    if (action.case === "replace") {
      info = clone(SIPDispatchRuleInfoSchema, action.value);
      info.sipDispatchRuleId = current.sipDispatchRuleId;
    } else {
      info = clone(SIPDispatchRuleInfoSchema, current);
      const u = action.value;
      applyList(info, "trunkIds", u.trunkIds);
      if (u.rule !== undefined) info.rule = u.rule;
      if (u.name !== undefined) info.name = u.name;
      if (u.metadata !== undefined) info.metadata = u.metadata;
      for (const [key, value] of Object.entries(u.attributes)) {
        if (value === "") delete info.attributes[key];
        else info.attributes[key] = value;
      }
      if (u.mediaEncryption !== undefined) info.mediaEncryption = u.mediaEncryption;
    }
    validateRule(info);
    validateRules([...this.#rules.values()].map((r) => (r.sipDispatchRuleId === info.sipDispatchRuleId ? info : r)));
    this.#rules.set(info.sipDispatchRuleId, info);
    return info;
  }

  async listSIPDispatchRule(request: ListSIPDispatchRuleRequest) {
    const items = [...this.#rules.values()].filter(
      (r) =>
        (request.dispatchRuleIds.length === 0 || request.dispatchRuleIds.includes(r.sipDispatchRuleId)) &&
        (request.trunkIds.length === 0 || r.trunkIds.length === 0 || r.trunkIds.some((id) => request.trunkIds.includes(id))) &&
        afterPage(r.sipDispatchRuleId, request.page),
    );
    return { items: page(items, (r) => r.sipDispatchRuleId, request.page) };
  }

  async deleteSIPDispatchRule(request: DeleteSIPDispatchRuleRequest) {
    if (request.sipDispatchRuleId === "") throw invalid("dispatch rule ID is required");
    const info = this.#rules.get(request.sipDispatchRuleId);
    if (info === undefined) throw ruleNotFound();
    this.#rules.delete(request.sipDispatchRuleId);
    return info;
  }

  /**
   * An outbound call, answered at once: a participant of kind SIP joins the room (created if
   * needed, as the SIP bridge's join creates it), with the `sip.*` attributes LiveKit sets.
   */
  async createSIPParticipant(request: CreateSIPParticipantRequest) {
    if (request.sipTrunkId === "" && request.trunk === undefined && request.sipNumber === "") {
      throw invalid("missing sip trunk id and sip number");
    }
    if (request.trunk !== undefined) {
      if (request.trunk.hostname === "") throw invalid("no outbound hostname specified");
      checkHostname(request.trunk.hostname, "trunk hostname");
      checkHostname(request.trunk.fromHost, "from_host");
    }
    if (request.sipCallTo === "") throw invalid("missing sip callee number");
    if (request.sipCallTo.includes("@")) throw invalid("SipCallTo should be a phone number or SIP user, not a full SIP URI");
    if (request.toUserOverride.includes("@")) {
      throw invalid("ToUserOverride should be a phone number or SIP user, not a full SIP URI");
    }
    if (request.roomName === "") throw invalid("missing room name");
    if (request.displayName !== undefined && request.displayName.length > 128) {
      throw invalid("DisplayName too long (max 128 characters)");
    }
    let trunk: SIPOutboundTrunkInfo | undefined;
    if (request.sipTrunkId !== "") {
      trunk = this.#outbound.get(request.sipTrunkId);
      if (trunk === undefined) throw trunkNotFound();
    }
    let number = request.sipNumber;
    if (number === "") {
      if (trunk === undefined || trunk.numbers.length === 0) throw new TwirpError("failed_precondition", "no numbers on outbound trunk");
      number = trunk.numbers[Math.floor(Math.random() * trunk.numbers.length)]!;
    }
    const hostname = trunk?.address ?? request.trunk?.hostname ?? "";
    const identity = request.participantIdentity !== "" ? request.participantIdentity : `sip_${request.sipCallTo}`;
    checkRoomNameLength(request.roomName, "room_name");
    checkIdentityLength(identity, "participant_identity");
    // The participant joins the room as any other: the limits of Join and UpdateParticipant hold.
    checkSize("name length", byteLength(request.participantName), limits.nameBytes);
    checkSize("metadata size", byteLength(request.participantMetadata), limits.metadataBytes);
    checkSize("attribute size", attributesSize(request.participantAttributes), limits.attributesBytes);
    const callId = newId("SCL_");
    const attributes: Record<string, string> = {
      ...request.participantAttributes,
      "sip.callID": callId,
      "sip.trunkID": request.sipTrunkId,
      "sip.callStatus": "active",
    };
    if (!request.hidePhoneNumber) {
      attributes["sip.phoneNumber"] = request.sipCallTo;
      attributes["sip.hostname"] = hostname;
      attributes["sip.trunkPhoneNumber"] = number;
    }
    const now = this.rooms.clock.now();
    const info = create(ParticipantInfoSchema, {
      sid: newId("PA_"),
      identity,
      name: request.participantName,
      metadata: request.participantMetadata,
      attributes,
      state: ParticipantInfo_State.ACTIVE,
      kind: ParticipantInfo_Kind.SIP,
      joinedAt: BigInt(Math.floor(now / 1000)),
      joinedAtMs: BigInt(now),
      version: 1,
      permission: { canSubscribe: true, canPublish: true, canPublishData: true },
    });
    this.rooms.admit(this.rooms.open(request.roomName), participantOf(info, undefined));
    return { participantId: info.sid, participantIdentity: identity, roomName: request.roomName, sipCallId: callId };
  }

  /** A transfer the (absent) SIP bridge completes at once: the call then leaves the room, as it hangs up. */
  async transferSIPParticipant(request: TransferSIPParticipantRequest) {
    if (request.roomName === "") throw invalid("Missing room name");
    if (request.participantIdentity === "") throw invalid("Missing participant identity");
    if (request.transferTo === "") throw invalid("missing transfer to");
    const inner =
      request.transferTo.startsWith("<") && request.transferTo.endsWith(">") ? request.transferTo.slice(1, -1) : request.transferTo;
    if (!inner.startsWith("sip:") && !inner.startsWith("sips:") && !inner.startsWith("tel:")) {
      throw invalid("transfer_to must be a valid SIP(s) or TEL URI (sip:, sips: or tel:)");
    }
    const { room, participant } = this.rooms.participant(request.roomName, request.participantIdentity);
    const callId = participant.info.attributes["sip.callID"];
    if (callId === undefined) throw invalid("no SIP session associated with participant");
    this.rooms.leave(room, request.participantIdentity);
    return { transferId: newId("STR_"), status: SIPTransferStatus.STS_TRANSFER_SUCCESSFUL };
  }
}

type UpdateAction<R, U> = { case: "replace"; value: R } | { case: "update"; value: U } | { case: undefined; value?: undefined };

/** LiveKit's checks of an update request before the trunk is loaded. */
function updateAction<R, U>(
  id: string,
  action: UpdateAction<R, U>,
  what: "trunk",
  idOf: (value: R) => string,
): { case: "replace"; value: R } | { case: "update"; value: U } {
  if (id === "") throw invalid(`${what} id must be set`);
  if (action.case === undefined) throw invalid("missing or unsupported update action");
  if (action.case === "replace") {
    const inner = idOf(action.value);
    if (inner !== "" && inner !== id) throw invalid(`${what} id in the info must be empty or match the id in the update`);
  }
  return action;
}

function applyList<K extends string>(target: { [key in K]: string[] }, key: K, update: ListUpdate | undefined): void {
  if (update === undefined) return;
  if (update.clear) target[key] = [];
  else if (update.set.length > 0) target[key] = [...update.set];
  else {
    const list = [...target[key]];
    for (const value of update.remove) {
      const i = list.indexOf(value);
      if (i >= 0) list.splice(i, 1);
    }
    for (const value of update.add) if (!list.includes(value)) list.push(value);
    target[key] = list;
  }
}

function checkHostname(value: string, field: string): void {
  if (value.includes("transport=")) throw invalid(`${field} should not contain transport parameter`);
  if (/[@;]/.test(value) || value.startsWith("sip:") || value.startsWith("sips:")) {
    throw invalid(`${field} should be a hostname or IP, not SIP URI`);
  }
}

function validateInbound(info: SIPInboundTrunkInfo): void {
  const hasAuth = info.authUsername !== "" || info.authPassword !== "";
  if (!hasAuth && info.allowedAddresses.length === 0 && info.numbers.length === 0) {
    throw invalid("for security, one of the fields must be set: AuthUsername+AuthPassword, AllowedAddresses or Numbers");
  }
}

function validateOutbound(info: SIPOutboundTrunkInfo): void {
  if (info.numbers.length === 0) throw invalid("no trunk numbers specified");
  if (info.address === "") throw invalid("no outbound address specified");
  checkHostname(info.address, "trunk address");
  checkHostname(info.fromHost, "from_host");
}

function validateRule(info: SIPDispatchRuleInfo): void {
  if (info.rule === undefined || info.rule.rule.case === undefined) throw invalid("missing rule");
}

/** LiveKit's NormalizeNumber: a phone number without formatting, with a leading `+`. */
export function normalizeNumber(number: string): string {
  if (number === "" || !/^\+?[\d\- ()]+$/.test(number)) return number;
  const digits = number.replace(/[ \-()]/g, "");
  return digits.startsWith("+") ? digits : `+${digits}`;
}

const printId = (id: string) => JSON.stringify(id === "" ? "<new>" : id);
const printNumbers = (numbers: string[]) => (numbers.length === 0 ? "<any>" : `[${numbers.map((n) => JSON.stringify(n)).join(" ")}]`);

/** LiveKit's ValidateTrunksIter: two inbound trunks may not answer the same number for the same callers. */
function validateTrunks(trunks: SIPInboundTrunkInfo[]): void {
  const byNumber = new Map<string, Map<string, SIPInboundTrunkInfo>>();
  for (const t of trunks) {
    const keys = t.numbers.length === 0 ? [""] : [...new Set(t.numbers.map(normalizeNumber))];
    for (const key of keys) {
      const byCaller = byNumber.get(key) ?? new Map<string, SIPInboundTrunkInfo>();
      byNumber.set(key, byCaller);
      if (t.allowedNumbers.length === 0) {
        const t2 = byCaller.get("");
        if (t2 !== undefined && t2.sipTrunkId !== t.sipTrunkId) {
          throw invalid(
            `Conflicting inbound SIP Trunks: ${printId(t.sipTrunkId)} and ${printId(t2.sipTrunkId)}, using the same number(s) ${printNumbers(t.numbers)} without AllowedNumbers set`,
          );
        }
        byCaller.set("", t);
      } else {
        for (const caller of new Set(t.allowedNumbers)) {
          const callerKey = normalizeNumber(caller);
          const t2 = byCaller.get(callerKey);
          if (t2 !== undefined && t2.sipTrunkId !== t.sipTrunkId) {
            throw invalid(
              `Conflicting inbound SIP Trunks: ${printId(t.sipTrunkId)} and ${printId(t2.sipTrunkId)}, using the same number(s) ${printNumbers(t.numbers)} and AllowedNumber ${JSON.stringify(caller)}`,
            );
          }
          byCaller.set(callerKey, t);
        }
      }
    }
  }
}

/** LiveKit's ValidateDispatchRulesIter: one rule per trunk, inbound number, number and PIN. */
function validateRules(rules: SIPDispatchRuleInfo[]): void {
  const byKey = new Map<string, SIPDispatchRuleInfo>();
  for (const r of rules) {
    const pin = r.rule?.rule.value?.pin ?? "";
    for (const trunk of r.trunkIds.length === 0 ? [""] : r.trunkIds) {
      for (const inbound of r.inboundNumbers.length === 0 ? [""] : r.inboundNumbers) {
        for (const number of r.numbers.length === 0 ? [""] : r.numbers) {
          const key = JSON.stringify([pin, trunk, normalizeNumber(number), normalizeNumber(inbound)]);
          const r2 = byKey.get(key);
          if (r2 !== undefined) {
            throw invalid(
              `Dispatch rule for the same trunk, inbound number, number, and PIN combination already exists in dispatch rule ${printId(r2.sipDispatchRuleId)} ${JSON.stringify(r2.name === "" ? "<blank name>" : r2.name)}`,
            );
          }
          byKey.set(key, r);
        }
      }
    }
  }
}

function afterPage(id: string, pagination: Pagination | undefined): boolean {
  return pagination === undefined || pagination.afterId === "" || id === "" || id > pagination.afterId;
}

/** LiveKit's sortPage: sorted by id, at most `limit`. */
function page<T>(items: T[], idOf: (item: T) => string, pagination: Pagination | undefined): T[] {
  const sorted = [...items].sort((a, b) => (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  const limit = pagination?.limit ?? 0;
  return limit > 0 ? sorted.slice(0, limit) : sorted;
}

function inboundAsTrunkInfo(p: SIPInboundTrunkInfo): SIPTrunkInfo {
  return create(SIPTrunkInfoSchema, {
    sipTrunkId: p.sipTrunkId,
    kind: SIPTrunkInfo_TrunkKind.TRUNK_INBOUND,
    name: p.name,
    metadata: p.metadata,
    outboundNumber: p.numbers[0] ?? "",
    inboundAddresses: p.allowedAddresses,
    inboundNumbers: p.allowedNumbers,
    inboundUsername: p.authUsername,
    inboundPassword: p.authPassword,
  });
}

function outboundAsTrunkInfo(p: SIPOutboundTrunkInfo): SIPTrunkInfo {
  return create(SIPTrunkInfoSchema, {
    sipTrunkId: p.sipTrunkId,
    kind: SIPTrunkInfo_TrunkKind.TRUNK_OUTBOUND,
    name: p.name,
    metadata: p.metadata,
    outboundAddress: p.address,
    transport: p.transport,
    outboundNumber: p.numbers[0] ?? "",
    outboundUsername: p.authUsername,
    outboundPassword: p.authPassword,
  });
}
