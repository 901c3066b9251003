// Random hostile JSON against generated codecs: whatever comes in, the only exception that
// escapes is JsonDecodeError, nothing overflows the stack, and Object.prototype stays as it was.
import * as fc from "fast-check";
import { RoomJson, ParticipantInfoJson } from "livekit-room-api/livekit_models_json";
import { ListParticipantsResponseJson } from "livekit-room-api/livekit_room_json";
import type { MessageJson } from "protoc-gen-livekit-runtime/json";
import { JsonDecodeError } from "protoc-gen-livekit-runtime/json";
import { describe, expect, it } from "vitest";
import { CasesJson } from "../../fixtures/golden/json_json.js";
import { hostileJson, hostileJsonText, prototypeSnapshot } from "../../support/hostile.js";

function onlyDecodeErrors(run: () => unknown, errorClass: typeof JsonDecodeError): void {
  try {
    const message = run() as object;
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
  } catch (error) {
    if (!(error instanceof errorClass)) throw error;
    expect(error.path).toBeTypeOf("string");
  }
}

// The fixtures have their own copy of the runtime, so their own error class.
const codecs: [string, MessageJson<unknown>, typeof JsonDecodeError][] = [
  ["fixtures.json.Cases", CasesJson as MessageJson<unknown>, JsonDecodeError],
  ["livekit.ListParticipantsResponse", ListParticipantsResponseJson as MessageJson<unknown>, JsonDecodeError],
  ["livekit.ParticipantInfo", ParticipantInfoJson as MessageJson<unknown>, JsonDecodeError],
  ["livekit.Room", RoomJson as MessageJson<unknown>, JsonDecodeError],
];

describe("fuzz: hostile JSON", () => {
  it.each(codecs)("%s: only JsonDecodeError escapes, Object.prototype unchanged", (_name, codec, errorClass) => {
    const before = prototypeSnapshot();
    fc.assert(
      fc.property(hostileJson, hostileJsonText, fc.boolean(), (json, jsonText, ignoreUnknownFields) => {
        onlyDecodeErrors(() => codec.decode(json, { ignoreUnknownFields }), errorClass);
        onlyDecodeErrors(() => codec.parse(jsonText, { ignoreUnknownFields }), errorClass);
      }),
      { seed: 4242, numRuns: 800 },
    );
    expect(prototypeSnapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
