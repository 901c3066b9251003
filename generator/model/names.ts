// Every identifier, file name and import path of the output is decided here, so that the
// templates never compute a name.
import type { DescEnum, DescFile, DescMessage, DescMethod, DescService } from "@bufbuild/protobuf";
import { protoCamelCase } from "@bufbuild/protobuf/reflect";
import { GeneratorError } from "../errors.js";

/** `dir/x.proto` -> `dir/x`: the stem every output file of a proto file shares. */
export function fileStem(file: DescFile): string {
  return file.name;
}

/** The output file of one concern for a proto file: `dir/x_enums.ts`. */
export function concernFileName(file: DescFile, concern: string): string {
  return `${fileStem(file)}_${concern}.ts`;
}

/** The module a generated file imports another file's concern from: `./dir/x_enums.js`. */
export function concernModule(file: DescFile, concern: string): string {
  return `./${fileStem(file)}_${concern}.js`;
}

/** The runtime package that generated code imports (packages/runtime), versioned with the plugin. */
export const runtimePackage = "protoc-gen-livekit-runtime";

/** The runtime's entry points, one per concern (its package.json `exports`). */
export type RuntimeSubpath = "enums" | "json" | "twirp" | "twirp/server" | "livekit" | "zod";

/** The module a generated file imports runtime helpers from: `protoc-gen-livekit-runtime/json`. */
export function runtimeModule(subpath: RuntimeSubpath): string {
  return `${runtimePackage}/${subpath}`;
}

/**
 * The name of a generated declaration for a message, enum or service: the type's path inside
 * its package joined with `_` (as protoc-gen-es does: `ParticipantInfo_State`), plus a suffix.
 * The suffix is never empty, so the result is never a reserved word.
 */
export function exportName(desc: DescMessage | DescEnum | DescService, suffix: string): string {
  const pkg = desc.file.proto.package;
  const path = pkg === "" ? desc.typeName : desc.typeName.slice(pkg.length + 1);
  return path.replaceAll(".", "_") + suffix;
}

/**
 * The per-type exports of each concern: the kind of type each is made for, the suffix of its
 * name and what it is. `suffix` is the main one (`TrackSourceTable`, `ParticipantInfoJson`,
 * `RoomServiceClient`, `RoomServiceImplementation`, `ParticipantInfoZod`); `also` lists the
 * others the same file exports (with a `prefix` where the name has one: `createRoomServiceHandler`).
 * The API change report (scripts/api/) names the symbols users see from this table, and the
 * index (model/index.ts) names both sides of an export collision from it.
 */
export const concernExports = {
  enums: { of: "enum", suffix: "Table", what: "enum table", also: [] },
  json: {
    of: "message",
    suffix: "Json",
    what: "JSON codec",
    also: [
      { of: "message", suffix: "JsonReader", what: "JSON reader" },
      { of: "message", suffix: "JsonWriter", what: "JSON writer" },
    ],
  },
  twirp: { of: "service", suffix: "Client", what: "Twirp client", also: [{ of: "service", suffix: "Binary", what: "binary format" }] },
  server: {
    of: "service",
    suffix: "Implementation",
    what: "server interface",
    also: [{ of: "service", prefix: "create", suffix: "Handler", what: "Twirp handler factory" }],
  },
  zod: { of: "message", suffix: "Zod", what: "Zod schema", also: [{ of: "service", suffix: "Validators", what: "request validators" }] },
} as const;

/** `TrackSourceTable`: the enum table of an enum. */
export function enumTableName(desc: DescEnum): string {
  return exportName(desc, concernExports.enums.suffix);
}

/** `RoomServiceClient`, `RoomServiceBinary` and the module-private `RoomServiceMethods` of a service's client. */
export function clientNames(service: DescService): { client: string; binary: string; methods: string } {
  const [binary] = concernExports.twirp.also;
  return {
    client: exportName(service, concernExports.twirp.suffix),
    binary: exportName(service, binary.suffix),
    methods: exportName(service, "Methods"),
  };
}

/** `RoomServiceImplementation`, `createRoomServiceHandler` and the module-private `RoomServiceRpcs` of a service's server. */
export function serverNames(service: DescService): { implementation: string; handler: string; rpcs: string } {
  const [handler] = concernExports.server.also;
  return {
    implementation: exportName(service, concernExports.server.suffix),
    handler: handler.prefix + exportName(service, handler.suffix),
    rpcs: exportName(service, "Rpcs"),
  };
}

/** `RoomServiceValidators`: the request schemas of a service, for its client's `validate`. */
export function validatorsName(service: DescService): string {
  return exportName(service, concernExports.zod.also[0].suffix);
}

/**
 * The export names of one file's messages for a suffix, in declaration order. When two types
 * flatten to the same name (nested `Qux.Json` and top-level `Qux_Json`), the later one takes
 * protoc-gen-es's own name for it instead (`Qux_Json$` -> `Qux_Json$Zod`): stable, since it
 * depends only on the file.
 */
export function exportNames(
  descs: readonly DescMessage[],
  suffix: string,
  protocGenEsName: (desc: DescMessage) => string,
): Map<DescMessage, string> {
  const names = new Map<DescMessage, string>();
  const taken = new Set<string>();
  for (const desc of descs) {
    let name = exportName(desc, suffix);
    if (taken.has(name)) name = protocGenEsName(desc) + suffix;
    taken.add(name);
    names.set(desc, name);
  }
  return names;
}

/**
 * A name from the descriptors (protoc-gen-es's property names) that generated code uses as an
 * identifier: checked, so that no schema can put anything else into the output.
 */
export function checkedIdentifier(file: DescFile, element: string, name: string): string {
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || name === "__proto__") {
    throw new GeneratorError(file.proto.name, element, `${JSON.stringify(name)} is not a valid identifier`);
  }
  return name;
}

/**
 * A key of an object literal for a name read from a sidecar (a grant key): the name itself,
 * or `["__proto__"]`, the one spelling that makes an own property named `__proto__` instead of
 * setting the literal's prototype. `name` is a checked identifier.
 */
export function propertyKey(name: string): string {
  return name === "__proto__" ? `[${JSON.stringify(name)}]` : name;
}

/** One name a generated file imports, as protoplugin's printer receives it. */
export interface PendingImport {
  readonly name: string;
  /** A package name, or a path relative to the output root: `./dir/x_json.js`. */
  readonly from: string;
  /** True when every use is a type. */
  readonly typeOnly: boolean;
}

/** The text that stands for the `index`-th import of a file until the printer replaces it. */
export function importToken(index: number): string {
  return `\u0000${index}\u0000`;
}

/**
 * The names of one generated file: what it declares (exports and module-level locals) and what
 * it imports. `import` returns a placeholder token; the printer (generator/print.ts) hands each
 * token to protoplugin as an import symbol, so protoplugin writes the import block (only for
 * names the text uses), applies `import_extension` and `rewrite_imports`, and gives an imported
 * name that clashes with a declared one an alias (`Foo$1`). Declared names never change: exports
 * are the public API.
 */
export class FileScope {
  private readonly taken = new Set<string>();
  /** `from` + name -> index into `imported` */
  private readonly byKey = new Map<string, number>();
  private readonly imported: { name: string; from: string; typeOnly: boolean }[] = [];

  constructor(readonly fileName: string) {}

  /** Declares an exported name; false when the name is already declared. */
  declare(name: string): boolean {
    if (this.taken.has(name)) return false;
    this.taken.add(name);
    return true;
  }

  /** Declares a name local to the file (not exported), adding `$1`, `$2`... on a clash. */
  local(name: string): string {
    let local = name;
    for (let n = 1; this.taken.has(local); n++) local = `${name}$${n}`;
    this.taken.add(local);
    return local;
  }

  /**
   * Imports `name` from `target` (a package name or a `./`-relative output path ending in `.js`)
   * and returns the text to write where the name is used.
   */
  import(name: string, target: string, typeOnly = false): string {
    const key = `${target}\u0000${name}`;
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.imported.push({ name, from: target, typeOnly }) - 1;
      this.byKey.set(key, index);
    }
    const entry = this.imported[index]!;
    entry.typeOnly &&= typeOnly;
    return importToken(index);
  }

  /** Every name declared in the file. */
  declared(): ReadonlySet<string> {
    return this.taken;
  }

  /** The imports, by token index. */
  imports(): readonly PendingImport[] {
    return this.imported;
  }
}

/**
 * Member names a client method must not take: those of `Object.prototype` (and `toJSON`, which
 * `JSON.stringify` calls), and `then`, `catch`, `finally`, which would make the client a
 * thenable (returning it from an async function would call the RPC).
 */
const reservedMembers = new Set([
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toString",
  "valueOf",
  "toJSON",
  "__proto__",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "then",
  "catch",
  "finally",
]);

/**
 * The client method of an RPC: its name in lowerCamelCase (`ListRooms` -> `listRooms`,
 * `snake_case` -> `snakeCase`), with `$` appended where it is a reserved member name
 * (`Then` -> `then$`, `Constructor` -> `constructor$`, `HasOwnProperty` -> `hasOwnProperty$`).
 */
export function methodProperty(method: DescMethod): string {
  const camel = protoCamelCase(method.name);
  const property = camel.charAt(0).toLowerCase() + camel.slice(1);
  return reservedMembers.has(property) ? `${property}$` : property;
}
