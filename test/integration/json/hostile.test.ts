// Hostile input to the readers (issue 11): unknown values of any size and depth are skipped
// without recursion or spread, only own properties are read, options reach @bufbuild/protobuf
// under their real (type-checked) names.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { create, createRegistry, toJson } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { RoomJson, RoomJsonReader } from "livekit-room-api/livekit_models_json";
import { Project } from "ts-morph";
import { afterEach, describe, expect, it } from "vitest";
import { CasesJson } from "../../fixtures/golden/json_json.js";
import { NodeSchema } from "../../fixtures/golden/json_pb.js";
import { WellKnownJson } from "../../fixtures/golden/wkt_json.js";
import { WellKnownSchema } from "../../fixtures/golden/wkt_pb.js";
import { repoRoot } from "../../support/buf.js";
import { formatDiagnostic, strictOptions } from "../../support/typescript.js";

const ignore = { ignoreUnknownFields: true };

describe("unknown values of any size and depth", () => {
  it.each([130_000, 1_000_000])("skips an unknown array of %i elements, in parse and decode", (length) => {
    const text = `{"x":[${"0,".repeat(length - 1)}0],"name":"r"}`;
    expect(RoomJson.parse(text, ignore).name).toBe("r");
    expect(RoomJson.decode(JSON.parse(text), ignore).name).toBe("r");
  });

  it("skips an unknown object of 200 000 keys, and one nested 100 000 levels deep", () => {
    const wide = `{"x":{${Array.from({ length: 200_000 }, (_, i) => `"k${i}":${i}`).join(",")}},"name":"r"}`;
    expect(RoomJson.parse(wide, ignore).name).toBe("r");
    const deep = `{"x":${"[".repeat(100_000)}${"]".repeat(100_000)},"y":${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)},"name":"r"}`;
    expect(RoomJson.parse(deep, ignore).name).toBe("r");
    expect(RoomJson.decode(JSON.parse(deep), ignore).name).toBe("r");
  });

  it("still finds a key given twice inside a skipped value", () => {
    expect(() => RoomJson.parse('{"x":{"a":1,"a":2}}', ignore)).toThrow(/each key once/);
  });
});

describe("only own properties are read", () => {
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>).metadata;
    delete (Object.prototype as Record<string, unknown>).stringField;
  });

  it("ignores a polluted Object.prototype (and is not broken by it)", () => {
    (Object.prototype as Record<string, unknown>).metadata = "polluted";
    expect(RoomJsonReader.parse("{}").metadata).toBe("");
    expect(RoomJsonReader.decode({}).metadata).toBe("");
    expect(RoomJsonReader.parse('{"name":"r"}').name).toBe("r");
    expect(RoomJsonReader.parse('{"metadata":"own"}').metadata).toBe("own");
    (Object.prototype as Record<string, unknown>).stringField = "polluted";
    expect(CasesJson.parse("{}").stringField).toBe("");
    expect(CasesJson.decode({ choiceText: "t" }).choice).toEqual({ case: "choiceText", value: "t" });
  });

  it("reads no inherited key of an object with another prototype", () => {
    const inherits = Object.create({ metadata: "inherited", bogus: 1 }) as Record<string, unknown>;
    inherits.name = "r";
    const room = RoomJsonReader.decode(inherits);
    expect(room.name).toBe("r");
    expect(room.metadata).toBe("");
  });
});

describe("options reach @bufbuild/protobuf", () => {
  it("alwaysEmitImplicit reaches the message inside an Any", () => {
    const registry = createRegistry(NodeSchema);
    const message = create(WellKnownSchema, { any: anyPack(NodeSchema, create(NodeSchema, { value: 0 })) });
    const options = { alwaysEmitImplicit: true, registry };
    const json = WellKnownJson.encode(message, options) as { any: Record<string, unknown> };
    expect(json.any).toEqual({ "@type": "type.googleapis.com/fixtures.json.Node", value: 0 });
    expect(json).toEqual(toJson(WellKnownSchema, message, options));
    expect(WellKnownJson.encode(message, { emitUnpopulated: true, registry })).toMatchObject({ any: { value: 0 } });
  });

  it("a misspelt option name does not compile (the options are typed as @bufbuild/protobuf's)", () => {
    const source = readFileSync(join(repoRoot, "packages/runtime/src/json/wkt.ts"), "utf8");
    for (const [right, wrong] of [
      ["alwaysEmitImplicit: ctx.implicit", "alwaysEmitImplicitValues: ctx.implicit"],
      ["ignoreUnknownFields: ctx.ignoreUnknownFields", "ignoreUnknownField: ctx.ignoreUnknownFields"],
      ["useProtoFieldName: ctx.useProtoFieldName", "useProtoFieldNames: ctx.useProtoFieldName"],
    ]) {
      expect(source).toContain(right);
      const project = new Project({ compilerOptions: strictOptions, skipAddingFilesFromTsConfig: true });
      project.addSourceFilesAtPaths(join(repoRoot, "packages/runtime/src/json/*.ts"));
      project.getSourceFileOrThrow("wkt.ts").replaceWithText(source.replace(right, wrong));
      const diagnostics = project.getPreEmitDiagnostics().map(formatDiagnostic);
      expect(diagnostics.join("\n")).toContain(wrong.split(":")[0]);
    }
  });
});
