// Every identifier, file name and import path of the output is decided here, so that the
// templates never compute a name.
import type { DescEnum, DescFile, DescMessage, DescMethod, DescService } from "@bufbuild/protobuf";
import { protoCamelCase } from "@bufbuild/protobuf/reflect";
import type { ImportExtension } from "@bufbuild/protoplugin";
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

/** The output path of a runtime module: `runtime/enums.ts`. */
export function runtimeFileName(module: string): string {
  return `runtime/${module}.ts`;
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
 * The per-type export of each concern: the kind of type it is made for and the suffix of its
 * name (`TrackSourceTable`, `ParticipantInfoJson`, `RoomServiceClient`, `ParticipantInfoZod`).
 * The API change report (generator/api/) names the symbols users see from this table too.
 */
export const concernExports = {
  enums: { of: "enum", suffix: "Table" },
  json: { of: "message", suffix: "Json" },
  twirp: { of: "service", suffix: "Client" },
  zod: { of: "message", suffix: "Zod" },
} as const;

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
 * The module specifier that `fromFile` uses to import `target` (both relative to the output
 * root; `target` is either a package name or a `./`-relative path ending in `.js`).
 */
export function importPath(fromFile: string, target: string, extension: ImportExtension): string {
  if (!target.startsWith("./")) return target;
  const fromDir = fromFile.split("/").slice(0, -1);
  const to = target.slice(2).split("/");
  let common = 0;
  while (common < fromDir.length && common < to.length - 1 && fromDir[common] === to[common]) {
    common++;
  }
  const up = fromDir.length - common;
  const rest = to.slice(common).join("/");
  const relative = (up === 0 ? "./" : "../".repeat(up)) + rest;
  return withExtension(relative, extension);
}

function withExtension(path: string, extension: ImportExtension): string {
  const stem = path.endsWith(".js") ? path.slice(0, -3) : path;
  return extension === "none" ? stem : `${stem}.${extension}`;
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

/** One import declaration of a generated file. */
export interface ImportDecl {
  readonly from: string;
  /** True when every specifier is a type: `import type { ... }`. */
  readonly typeOnly: boolean;
  /** `Name`, `Name as Alias`, `type Name`, sorted by name. */
  readonly specifiers: readonly string[];
}

interface ImportedName {
  readonly local: string;
  typeOnly: boolean;
}

/**
 * The names of one generated file: what it exports and what it imports. Imported names that
 * would clash with an export or another import get an alias (`Foo as Foo$1`); exports never
 * change, because they are the public API.
 */
export class FileScope {
  private readonly taken = new Set<string>();
  /** module specifier -> imported name -> local name */
  private readonly imports = new Map<string, Map<string, ImportedName>>();

  constructor(
    readonly fileName: string,
    readonly extension: ImportExtension,
  ) {}

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
   * Imports `name` from `target` (a package name or a `./`-relative output path) and returns
   * the local identifier to use for it.
   */
  import(name: string, target: string, typeOnly = false): string {
    const from = importPath(this.fileName, target, this.extension);
    let names = this.imports.get(from);
    if (names === undefined) {
      names = new Map();
      this.imports.set(from, names);
    }
    const existing = names.get(name);
    if (existing !== undefined) {
      existing.typeOnly &&= typeOnly;
      return existing.local;
    }
    let local = name;
    for (let n = 1; this.taken.has(local); n++) local = `${name}$${n}`;
    this.taken.add(local);
    names.set(name, { local, typeOnly });
    return local;
  }

  /** The import declarations, in a stable order: packages first, then relative paths. */
  declarations(): ImportDecl[] {
    const decls = [...this.imports.entries()].map(([from, names]) => {
      const entries = [...names.entries()].sort(([a], [b]) => compare(a, b));
      const typeOnly = entries.every(([, imported]) => imported.typeOnly);
      const specifiers = entries.map(([name, { local, typeOnly: isType }]) => {
        const specifier = name === local ? name : `${name} as ${local}`;
        return isType && !typeOnly ? `type ${specifier}` : specifier;
      });
      return { from, typeOnly, specifiers };
    });
    const rank = (d: ImportDecl) => (d.from.startsWith(".") ? 1 : 0);
    return decls.sort((a, b) => rank(a) - rank(b) || compare(a.from, b.from));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Member names a client method must not take: those of `Object.prototype` (and `toJSON`, which
 * `JSON.stringify` calls), and `then`, `catch`, `finally`, which would make the client a
 * thenable (returning it from an async function would call the RPC).
 */
const reservedMembers = new Set([
  "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString",
  "toString", "valueOf", "toJSON", "__proto__", "__defineGetter__", "__defineSetter__",
  "__lookupGetter__", "__lookupSetter__", "then", "catch", "finally",
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
