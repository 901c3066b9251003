// Behaviour of the generated enum tables, on LiveKit's enums (through the package, as a user
// imports it) and on the fixtures with hostile value names.
import { describe, expect, it } from "vitest";
import { ParticipantInfo_State, TrackSource } from "livekit-room-api/livekit_models_pb";
import { ParticipantInfo_StateTable, TrackSourceTable } from "livekit-room-api";
import { EnumValueError } from "protoc-gen-livekit-runtime/enums";
import { secondCopy } from "../../support/second-copy.js";

const { EnumValueError: OtherCopyEnumValueError } = await secondCopy<typeof import("protoc-gen-livekit-runtime/enums")>("enums.ts");
import { ObjectMembersTable } from "../../fixtures/golden/names_enums.js";
import { AliasedTable } from "../../fixtures/golden/aliases_enums.js";
import { ObjectMembers } from "../../fixtures/golden/names_pb.js";

describe("TrackSourceTable", () => {
  it("lists the values in declaration order with number and doc", () => {
    expect(TrackSourceTable.typeName).toBe("livekit.TrackSource");
    expect(TrackSourceTable.values.map((v) => [v.name, v.number])).toEqual([
      ["UNKNOWN", TrackSource.UNKNOWN],
      ["CAMERA", TrackSource.CAMERA],
      ["MICROPHONE", TrackSource.MICROPHONE],
      ["SCREEN_SHARE", TrackSource.SCREEN_SHARE],
      ["SCREEN_SHARE_AUDIO", TrackSource.SCREEN_SHARE_AUDIO],
    ]);
    for (const value of TrackSourceTable.values) expect(typeof value.doc).toBe("string");
  });

  it("maps names to numbers and back", () => {
    expect(TrackSourceTable.byName["SCREEN_SHARE_AUDIO"]).toBe(4);
    expect(TrackSourceTable.byNumber[4]).toBe("SCREEN_SHARE_AUDIO");
  });

  it("reads JSON names and integers; keeps unknown integers", () => {
    expect(TrackSourceTable.fromJson("CAMERA")).toBe(TrackSource.CAMERA);
    expect(TrackSourceTable.fromJson(3)).toBe(TrackSource.SCREEN_SHARE);
    expect(TrackSourceTable.fromJson(99)).toBe(99);
    expect(TrackSourceTable.fromJson(-7)).toBe(-7);
  });

  it("keeps unknown integers up to both ends of the int32 range, and no further", () => {
    expect(TrackSourceTable.fromJson(-(2 ** 31))).toBe(-(2 ** 31));
    expect(TrackSourceTable.fromJson(2 ** 31 - 1)).toBe(2 ** 31 - 1);
    for (const beyond of [-(2 ** 31) - 1, 2 ** 31, -(2 ** 53), 2 ** 53, -Infinity, Infinity]) {
      expect(() => TrackSourceTable.fromJson(beyond), String(beyond)).toThrow(EnumValueError);
    }
  });

  it.each([
    ["an unknown name", "WEBCAM"],
    ["a name in the wrong case", "camera"],
    ["a numeric string", "1"],
    ["a fraction", 1.5],
    ["an integer beyond int32", 2 ** 31],
    ["NaN", NaN],
    ["a boolean", true],
    ["null", null],
    ["an object", {}],
    ["prototype member names", "toString"],
    ["__proto__", "__proto__"],
    ["constructor", "constructor"],
  ])("rejects %s with a clear error", (_, value) => {
    expect(() => TrackSourceTable.fromJson(value)).toThrow(EnumValueError);
    expect(() => TrackSourceTable.fromJson(value)).toThrow(/invalid value for enum livekit\.TrackSource/);
  });

  it("writes the name, or the number when it is not a known value", () => {
    expect(TrackSourceTable.toJson(TrackSource.SCREEN_SHARE_AUDIO)).toBe("SCREEN_SHARE_AUDIO");
    expect(TrackSourceTable.toJson(TrackSource.UNKNOWN)).toBe("UNKNOWN");
    expect(TrackSourceTable.toJson(42 as TrackSource)).toBe(42);
  });

  it("names the enum and the value in its error", () => {
    const error = (value: unknown) => {
      try {
        TrackSourceTable.fromJson(value);
      } catch (e) {
        return e as EnumValueError;
      }
      throw new Error("accepted");
    };
    expect(error("WEBCAM")).toMatchObject({ name: "EnumValueError", typeName: "livekit.TrackSource", value: "WEBCAM" });
    expect(error("WEBCAM").message).toBe('invalid value for enum livekit.TrackSource: "WEBCAM"');
    expect(error(1.5).message).toBe("invalid value for enum livekit.TrackSource: 1.5");
    expect(error(false).message).toBe("invalid value for enum livekit.TrackSource: false");
    expect(error(null).message).toBe("invalid value for enum livekit.TrackSource: null");
    expect(error([1]).message).toBe("invalid value for enum livekit.TrackSource: an array");
    expect(error({}).message).toBe("invalid value for enum livekit.TrackSource: an object");
    expect(error(undefined).message).toBe("invalid value for enum livekit.TrackSource: undefined");
    expect(error(1n).message).toBe("invalid value for enum livekit.TrackSource: bigint");
  });

  it("is frozen all the way down, with lookups that have no prototype", () => {
    expect(Object.isFrozen(TrackSourceTable)).toBe(true);
    expect(Object.isFrozen(TrackSourceTable.values)).toBe(true);
    expect(Object.isFrozen(TrackSourceTable.values[0])).toBe(true);
    expect(Object.isFrozen(TrackSourceTable.byName)).toBe(true);
    expect(Object.getPrototypeOf(TrackSourceTable.byName)).toBeNull();
    expect(Object.getPrototypeOf(TrackSourceTable.byNumber)).toBeNull();
    expect(TrackSourceTable.byName["toString"]).toBeUndefined();
    // biome-ignore lint/suspicious/noProto: "__proto__" as a key is what is tested
    expect(TrackSourceTable.byName["__proto__"]).toBeUndefined();
  });
});

describe("nested enums", () => {
  it("are named by their path, with full proto value names", () => {
    expect(ParticipantInfo_StateTable.typeName).toBe("livekit.ParticipantInfo.State");
    expect(ParticipantInfo_StateTable.fromJson("JOINING")).toBe(ParticipantInfo_State.JOINING);
    expect(ParticipantInfo_StateTable.toJson(ParticipantInfo_State.ACTIVE)).toBe("ACTIVE");
  });
});

describe("values named like object members", () => {
  // The TypeScript enum member ObjectMembers.__proto__ does not survive at run time (the
  // compiled `E["__proto__"] = 5` sets a prototype instead), so the number is spelled out.
  const protoValue = 5 as ObjectMembers;

  it("are ordinary names", () => {
    expect(ObjectMembersTable.fromJson("toString")).toBe(ObjectMembers.toString$);
    expect(ObjectMembersTable.fromJson("__proto__")).toBe(protoValue);
    expect(ObjectMembersTable.fromJson("constructor")).toBe(ObjectMembers.constructor$);
    expect(ObjectMembersTable.toJson(protoValue)).toBe("__proto__");
    expect(Object.keys(ObjectMembersTable.byName)).toContain("__proto__");
  });
});

describe("aliases", () => {
  it("map every name to its number and a number to its first name", () => {
    expect(AliasedTable.fromJson("ALIASED_HALTED")).toBe(2);
    expect(AliasedTable.toJson(2)).toBe("ALIASED_STOPPED");
    expect(AliasedTable.values).toHaveLength(7);
  });
});

describe("EnumValueError", () => {
  it("is the same class for instanceof across two copies of the runtime, and only for itself", () => {
    expect(OtherCopyEnumValueError).not.toBe(EnumValueError);
    const fromOtherCopy = new OtherCopyEnumValueError("livekit.TrackSource", "CAMREA");
    expect(fromOtherCopy).toBeInstanceOf(EnumValueError);
    expect(new EnumValueError("x.E", 1)).toBeInstanceOf(OtherCopyEnumValueError);
    expect(new Error("x")).not.toBeInstanceOf(EnumValueError);
    expect(Object.assign(new Error("x"), { name: "EnumValueError" })).not.toBeInstanceOf(EnumValueError);
    class Narrower extends EnumValueError {}
    expect(fromOtherCopy).not.toBeInstanceOf(Narrower);
    expect(new Narrower("x.E", 1)).toBeInstanceOf(Narrower);
    expect(new Narrower("x.E", 1)).toBeInstanceOf(OtherCopyEnumValueError);
  });

  it('knows another copy by the brand Symbol.for("protoc-gen-livekit.EnumValueError") (other package versions too)', () => {
    const branded = Object.assign(new Error("x"), { [Symbol.for("protoc-gen-livekit.EnumValueError")]: undefined });
    expect(branded).toBeInstanceOf(EnumValueError);
  });

  it("says no, without throwing, for values that are not objects", () => {
    for (const value of [null, undefined, 5, "EnumValueError", true, 1n, Symbol.for("protoc-gen-livekit.EnumValueError")]) {
      expect(value instanceof EnumValueError, String(value)).toBe(false);
    }
  });
});
