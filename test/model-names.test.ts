// Model stage: naming and options, on small inputs.
import { describe, expect, it } from "vitest";
import type { DescMethod } from "@bufbuild/protobuf";
import { FileScope, importPath, methodProperty } from "../generator/model/names.js";
import { OptionError, parseOptions } from "../generator/options.js";

describe("importPath", () => {
  it("makes output paths relative to the importing file, with the chosen extension", () => {
    expect(importPath("a_enums.ts", "./a_pb.js", "js")).toBe("./a_pb.js");
    expect(importPath("dir/a_enums.ts", "./runtime/enums.js", "js")).toBe("../runtime/enums.js");
    expect(importPath("x/y/a.ts", "./x/b_pb.js", "ts")).toBe("../b_pb.ts");
    expect(importPath("x/a.ts", "./x/z/b_pb.js", "none")).toBe("./z/b_pb");
  });

  it("leaves package imports alone", () => {
    expect(importPath("dir/a.ts", "@bufbuild/protobuf/wkt", "js")).toBe("@bufbuild/protobuf/wkt");
  });
});

describe("FileScope", () => {
  it("aliases an import that clashes with an export, never the export", () => {
    const scope = new FileScope("names_json.ts", "js");
    expect(scope.declare("FooJson")).toBe(true);
    expect(scope.declare("FooJson")).toBe(false);
    expect(scope.import("FooJson", "./names_pb.js", true)).toBe("FooJson$1");
    expect(scope.import("Foo", "./names_pb.js", true)).toBe("Foo");
    expect(scope.declarations()).toEqual([
      { from: "./names_pb.js", typeOnly: true, specifiers: ["Foo", "FooJson as FooJson$1"] },
    ]);
  });

  it("merges type and value imports of one module, packages first", () => {
    const scope = new FileScope("a.ts", "js");
    scope.import("enumTable", "./runtime/enums.js");
    scope.import("EnumTable", "./runtime/enums.js", true);
    scope.import("create", "@bufbuild/protobuf");
    expect(scope.declarations()).toEqual([
      { from: "@bufbuild/protobuf", typeOnly: false, specifiers: ["create"] },
      { from: "./runtime/enums.js", typeOnly: false, specifiers: ["type EnumTable", "enumTable"] },
    ]);
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
    [[{ key: "index", value: "" }, { key: "index", value: "false" }], /option index is given twice/],
    [[{ key: "sidecar_dir", value: "" }], /option sidecar_dir: expected a folder path/],
  ])("rejects %j", (raw, message) => {
    expect(() => parseOptions(raw)).toThrow(OptionError);
    expect(() => parseOptions(raw)).toThrow(message);
  });
});
