// Map and Struct entries are own data properties even when Object.prototype is polluted with a
// setter or a read-only property of the same name: nothing inherited sees or refuses the value.
import { describe as describeWithin, expect, it } from "vitest";
import { JsonDecodeError } from "protoc-gen-livekit-runtime/json";
import { ParticipantInfoJsonReader } from "livekit-room-api/livekit_models_json";
import { WellKnownJson } from "../../fixtures/golden/wkt_json.js";

/** Runs `body` with `Object.prototype[name]` defined as given, removed afterwards whatever happens. */
function withPollution(name: string, descriptor: PropertyDescriptor, body: () => void): void {
  Object.defineProperty(Object.prototype, name, { ...descriptor, configurable: true });
  try {
    body();
  } finally {
    delete (Object.prototype as Record<string, unknown>)[name];
  }
}

describeWithin("a polluted Object.prototype", () => {
  it("an inherited setter never receives a map value, and the entry is kept", () => {
    const seen: unknown[] = [];
    withPollution("role", { set: (value: unknown) => seen.push(value), get: () => undefined }, () => {
      const participant = ParticipantInfoJsonReader.decode({ identity: "a", attributes: { role: "host", lang: "en" } });
      expect(Object.getOwnPropertyDescriptor(participant.attributes, "role")?.value).toBe("host");
      expect(participant.attributes["lang"]).toBe("en");
    });
    expect(seen).toEqual([]);
  });

  it("an inherited read-only property does not refuse a map value", () => {
    withPollution("lang", { value: "fixed", writable: false }, () => {
      const participant = ParticipantInfoJsonReader.decode({ identity: "a", attributes: { lang: "en" } });
      expect(Object.getOwnPropertyDescriptor(participant.attributes, "lang")?.value).toBe("en");
    });
  });
});

it("a well-known type's error says once what was found, then the reason", () => {
  let error: unknown;
  try {
    WellKnownJson.decode({ any: "x" });
  } catch (thrown) {
    error = thrown;
  }
  expect(error).toBeInstanceOf(JsonDecodeError);
  expect((error as JsonDecodeError).found).toMatch(/^"x" \(.+\)$/);
  expect((error as JsonDecodeError).path).toBe("any");
});
