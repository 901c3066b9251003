// Model stage: naming and options, on small inputs.
import { describe, expect, it } from "vitest";
import type { DescMethod } from "@bufbuild/protobuf";
import { FileScope, methodProperty } from "../../../generator/model/names.js";
import { OptionError, parseOptions } from "../../../generator/options.js";

describe("FileScope", () => {
  it("hands out one token per imported name and module, a value import when any use is a value", () => {
    const scope = new FileScope("names_json.ts");
    const type = scope.import("Foo", "./names_pb.js", true);
    expect(scope.import("Foo", "./names_pb.js")).toBe(type);
    expect(scope.import("Foo", "./other_pb.js", true)).not.toBe(type);
    expect(scope.imports()).toEqual([
      { name: "Foo", from: "./names_pb.js", typeOnly: false },
      { name: "Foo", from: "./other_pb.js", typeOnly: true },
    ]);
  });

  it("keeps declared names unique: an export once, locals with $1, $2", () => {
    const scope = new FileScope("a.ts");
    expect(scope.declare("FooJson")).toBe(true);
    expect(scope.declare("FooJson")).toBe(false);
    expect(scope.local("readFoo")).toBe("readFoo");
    expect(scope.local("readFoo")).toBe("readFoo$1");
    expect([...scope.declared()]).toEqual(["FooJson", "readFoo", "readFoo$1"]);
  });
});

describe("methodProperty", () => {
  const property = (name: string) => methodProperty({ name } as DescMethod);

  it("lowerCamelCases RPC names", () => {
    expect(property("ListRooms")).toBe("listRooms");
    expect(property("get_thing")).toBe("getThing");
  });

  it("appends $ to names that would make the client a thenable or shadow Object.prototype", () => {
    const reserved = ["then", "catch", "finally", ...Object.getOwnPropertyNames(Object.prototype), "toJSON"];
    for (const name of reserved) {
      const rpc = name.startsWith("_") ? name : name.charAt(0).toUpperCase() + name.slice(1);
      const camel = property(rpc);
      if (camel === name) throw new Error(`${rpc} became the reserved member ${name}`);
      if (camel === `${name}$`) continue;
      // protoCamelCase drops underscores: `__proto__` becomes `proto`, which is not reserved.
      expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain(camel);
    }
    expect(property("Then")).toBe("then$");
    expect(property("Constructor")).toBe("constructor$");
    expect(property("HasOwnProperty")).toBe("hasOwnProperty$");
    expect(property("Thence")).toBe("thence");
  });
});

describe("parseOptions", () => {
  it("has defaults", () => {
    const options = parseOptions([]);
    expect(options.index).toBe(false);
    expect(options.sidecarDir).toBeUndefined();
  });

  it("reads its own options", () => {
    const options = parseOptions([
      { key: "emit", value: "enums" },
      { key: "index", value: "true" },
      { key: "sidecar_dir", value: "proto" },
    ]);
    expect([...options.emit]).toEqual(["enums"]);
    expect(options.index).toBe(true);
    expect(options.sidecarDir).toBe("proto");
  });

  it.each([
    [[{ key: "colour", value: "red" }], /unknown option "colour"/],
    [[{ key: "index", value: "yes" }], /option index: expected true or false/],
    [[{ key: "emit", value: "nope" }], /option emit: unknown concern "nope"/],
    [[{ key: "emit", value: "zod" }], /option emit: zod needs enums/],
    [
      [
        { key: "index", value: "" },
        { key: "index", value: "false" },
      ],
      /option index is given twice/,
    ],
    [[{ key: "sidecar_dir", value: "" }], /option sidecar_dir: expected a folder path/],
  ])("rejects %j", (raw, message) => {
    expect(() => parseOptions(raw)).toThrow(OptionError);
    expect(() => parseOptions(raw)).toThrow(message);
  });
});
