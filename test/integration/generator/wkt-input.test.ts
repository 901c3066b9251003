// The well-known types as input: buf's bundled google/protobuf/*.proto generated themselves
// (`--include-imports --include-wkt`, as in a buf image of a whole protocol) type-check under
// the strictest settings, and the codecs of their own messages write and read each type's
// proto3 JSON form exactly as @bufbuild/protobuf does (Timestamp as an RFC 3339 string, Struct
// as a plain object...), not a form built from their fields.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { create, createRegistry, equals, toJson, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import {
  anyPack,
  ApiSchema,
  AnySchema,
  BytesValueSchema,
  DurationSchema,
  EmptySchema,
  FieldMaskSchema,
  Field_Kind,
  Int64ValueSchema,
  ListValueSchema,
  SourceContextSchema,
  StructSchema,
  TimestampSchema,
  TypeSchema,
  ValueSchema,
} from "@bufbuild/protobuf/wkt";
import { beforeAll, describe, expect, it } from "vitest";
import { generateInRepo, protoModule } from "../../support/buf.js";
import { typecheckDir } from "../../support/typescript.js";

/** The proto3 files buf bundles (descriptor.proto, plugin.proto and the *_features.proto are proto2 or editions, which the plugin rejects). */
const wellKnownFiles = ["any", "api", "duration", "empty", "field_mask", "source_context", "struct", "timestamp", "type", "wrappers"];

const uses = `package uses;
${wellKnownFiles.map((name) => `import "google/protobuf/${name}.proto";`).join("\n")}
message Uses {
  google.protobuf.Struct struct = 1;
  google.protobuf.Value value = 2;
  google.protobuf.Timestamp timestamp = 3;
  google.protobuf.Int64Value int64_value = 4;
  google.protobuf.Any any = 5;
}`;

let out: string;
beforeAll(() => {
  const result = generateInRepo(
    protoModule({ "uses.proto": uses }),
    ["import_extension=js", "index=true"],
    ["--include-imports", "--include-wkt"],
  );
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  out = result.out;
});

describe("buf's bundled well-known types as input", () => {
  it("are all generated, each with its codecs and schemas", () => {
    const files = readdirSync(join(out, "google/protobuf"));
    expect(files.filter((f) => f.endsWith("_json.ts")).sort()).toEqual(wellKnownFiles.map((name) => `${name}_json.ts`));
    expect(files.filter((f) => f.endsWith("_zod.ts")).sort()).toEqual(wellKnownFiles.map((name) => `${name}_zod.ts`));
  });

  it("type-check with zero diagnostics under strict", () => {
    expect(typecheckDir(out)).toEqual([]);
  });
});

const timestamp = create(TimestampSchema, { seconds: 1700000000n, nanos: 5000 });
const struct = { a: 1, b: [true, null, "x"], c: { d: {} } };
const registry = createRegistry(TimestampSchema);

/** A message of each kind of type in the well-known files: custom JSON forms, and plain ones. */
const samples: [file: string, schema: DescMessage, init: MessageInitShape<DescMessage>][] = [
  ["timestamp", TimestampSchema, timestamp],
  ["duration", DurationSchema, { seconds: -3n, nanos: -500_000_000 }],
  ["field_mask", FieldMaskSchema, { paths: ["room.name", "max_participants"] }],
  [
    "struct",
    StructSchema,
    {
      fields: {
        a: { kind: { case: "numberValue", value: 1 } },
        b: { kind: { case: "structValue", value: { fields: { c: { kind: { case: "nullValue", value: 0 } } } } } },
      },
    },
  ],
  [
    "struct",
    ValueSchema,
    {
      kind: {
        case: "listValue",
        value: { values: [{ kind: { case: "stringValue", value: "x" } }, { kind: { case: "boolValue", value: true } }] },
      },
    },
  ],
  ["struct", ListValueSchema, { values: [{ kind: { case: "numberValue", value: 2.5 } }, { kind: { case: "structValue", value: {} } }] }],
  ["wrappers", Int64ValueSchema, { value: -12n }],
  ["wrappers", BytesValueSchema, { value: new Uint8Array([0, 255, 7]) }],
  ["any", AnySchema, anyPack(TimestampSchema, timestamp)],
  ["empty", EmptySchema, {}],
  ["source_context", SourceContextSchema, { fileName: "x.proto" }],
  [
    "type",
    TypeSchema,
    { name: "T", fields: [{ name: "n", kind: Field_Kind.TYPE_INT64, number: 1 }], sourceContext: { fileName: "x.proto" } },
  ],
  ["api", ApiSchema, { name: "A", methods: [{ name: "M", requestTypeUrl: "type.googleapis.com/T" }], version: "v1" }],
];

describe.each(samples)("google/protobuf/%s_json.ts: %s", (file, schema, init) => {
  const message = create(schema, init);
  const json = toJson(schema, message, { registry });
  let codec: { encode(init: unknown, options?: object): unknown; decode(json: unknown, options?: object): unknown };
  beforeAll(async () => {
    const module = (await import(join(out, `google/protobuf/${file}_json.ts`))) as Record<string, typeof codec>;
    codec = module[`${schema.name}Json`]!;
  });

  it("writes the proto3 JSON form, as @bufbuild/protobuf's toJson", () => {
    expect(codec.encode(message, { registry })).toEqual(json);
  });

  it("reads it back into an equal message", () => {
    expect(equals(schema, codec.decode(json, { registry }) as never, message)).toBe(true);
  });
});

it("a Struct is still a plain JSON object in another message's field", async () => {
  const module = (await import(join(out, "uses_json.ts"))) as Record<string, { encode(init: unknown): unknown }>;
  expect(module.UsesJson!.encode({ struct, timestamp })).toEqual({ struct, timestamp: "2023-11-14T22:13:20.000005Z" });
});
