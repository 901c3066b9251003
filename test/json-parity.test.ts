// Parity with the reference implementation: for every message reachable from RoomService,
// random messages go through our generated codecs and through @bufbuild/protobuf's
// toJson/fromJson, and must agree. The writers get each message both as created and as a plain
// init object (no $typeName anywhere); `emitUnpopulated` is compared with the LiveKit server's
// form (test/support/livekit-wire.ts: toJson with alwaysEmitImplicit plus Go's null rule).
import { equals, fromJson, toJson, type DescMessage, type JsonWriteOptions } from "@bufbuild/protobuf";
import * as fc from "fast-check";
import * as api from "livekit-room-api";
import { RoomService } from "livekit-room-api/livekit_room_pb";
import type { MessageJson } from "livekit-room-api/runtime/json/codec";
import { describe, expect, it } from "vitest";
import { messageArbitrary, reachableMessages } from "./support/arbitrary.js";
import { serverJson } from "./support/livekit-wire.js";

/** The generated codec of each message, found among the package's exports by type name. */
const codecs = new Map<string, MessageJson<never>>();
for (const value of Object.values(api)) {
  const codec = value as Partial<MessageJson<never>>;
  if (typeof codec === "object" && codec !== null && typeof codec.stringify === "function" && codec.typeName) {
    codecs.set(codec.typeName, codec as MessageJson<never>);
  }
}

const messages = reachableMessages(RoomService);
const writerOptions: Partial<JsonWriteOptions>[] = [
  {},
  { useProtoFieldName: true },
  { alwaysEmitImplicit: true },
  { useProtoFieldName: true, alwaysEmitImplicit: true },
  { enumAsInteger: true },
];
// ~4000 random messages in total, each checked with every writer option.
const runsPerMessage = Math.ceil(4000 / messages.length);

function codecOf(desc: DescMessage): MessageJson<never> {
  const codec = codecs.get(desc.typeName);
  if (codec === undefined) throw new Error(`no codec exported for ${desc.typeName}`);
  return codec;
}

describe("parity with @bufbuild/protobuf for every message reachable from RoomService", () => {
  it("covers a real set of messages", () => {
    expect(messages.length).toBeGreaterThan(20);
    expect(messages.map((m) => m.typeName)).toContain("livekit.ParticipantInfo");
  });

  it.each(messages.map((desc) => [desc.typeName, desc] as const))("%s", (_name, desc) => {
    const codec = codecOf(desc);
    fc.assert(
      fc.property(messageArbitrary(desc, { protoMapKeys: false }), (message) => {
        for (const options of writerOptions) {
          const reference = toJson(desc, message, options);
          // decode(reference JSON) equals the message
          expect(equals(desc, codec.decode(reference), message)).toBe(true);
          // encode gives the reference JSON
          expect(codec.encode(message, options)).toEqual(reference);
          // stringify writes the same JSON (keys in the same order), and parse reads it back
          const text = codec.stringify(message, options);
          expect(JSON.parse(text)).toEqual(reference);
          expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(reference as object));
          expect(equals(desc, codec.parse(text), message)).toBe(true);
          // and the reference reads our text the same way
          expect(equals(desc, fromJson(desc, JSON.parse(text)), message)).toBe(true);
          // the same message as a plain init object writes the same text
          expect(codec.stringify(initOf(message) as never, options)).toBe(text);
        }
        for (const useProtoFieldName of [true, false]) {
          const text = codec.stringify(message, { useProtoFieldName, emitUnpopulated: true });
          expect(JSON.parse(text)).toEqual(serverJson(desc, message, useProtoFieldName));
          expect(equals(desc, codec.parse(text), message)).toBe(true);
        }
      }),
      { seed: 20260311, numRuns: runsPerMessage },
    );
  });
});

describe("round trips of our own, with __proto__ as a map key (where the reference loses it)", () => {
  it.each(messages.filter((desc) => hasMap(desc)).map((desc) => [desc.typeName, desc] as const))("%s", (_name, desc) => {
    const codec = codecOf(desc);
    fc.assert(
      fc.property(messageArbitrary(desc), (message) => {
        for (const options of writerOptions) {
          const text = codec.stringify(message, options);
          expect(equals(desc, codec.parse(text), message)).toBe(true);
          expect(equals(desc, codec.decode(codec.encode(message, options)), message)).toBe(true);
          expect(JSON.parse(text)).toEqual(codec.encode(message, options));
        }
      }),
      { seed: 20260312, numRuns: 50 },
    );
  });
});

/** A message as a plain init object: a deep copy without `$typeName` (bytes and bigints kept). */
function initOf(value: unknown): unknown {
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(initOf);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (key !== "$typeName") Object.defineProperty(out, key, { value: initOf(item), enumerable: true });
  return out;
}

/** Whether a message has a map field, directly or in a nested message. */
function hasMap(desc: DescMessage, seen = new Set<string>()): boolean {
  if (seen.has(desc.typeName)) return false;
  seen.add(desc.typeName);
  return desc.fields.some((f) => f.fieldKind === "map" || (f.message !== undefined && hasMap(f.message, seen)));
}
