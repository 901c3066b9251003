// What a concern's model builder gets for one proto file (FileContext), and the helpers every
// builder shares: protoc-gen-es's names for a type, declared exports, enums in order.
import type { DescEnum, DescFile, DescMessage } from "@bufbuild/protobuf";
import type { GeneratedFile } from "@bufbuild/protoplugin";
import { GeneratorError } from "../errors.js";
import type { Options } from "../options.js";
import type { Sidecar } from "../sidecar.js";
import type { FileScope } from "./names.js";
import type { FileServices } from "./services.js";

/**
 * Where protoc-gen-es puts the TypeScript type (default) or the schema (`"schema"`, a value:
 * `ListRoomsRequestSchema`) of a message or enum.
 */
export type ShapeResolver = (desc: DescMessage | DescEnum, kind?: "type" | "schema") => { name: string; from: string };

/**
 * protoplugin's answers, per type: they do not depend on the importing file, and computing one
 * costs a pass over all names of the type's file, so each is asked for once per run.
 */
const resolved = new WeakMap<DescMessage | DescEnum, Partial<Record<"type" | "schema", { name: string; from: string }>>>();

/** A ShapeResolver that asks protoplugin, through the generated file that will import the name. */
export function shapeResolver(output: () => GeneratedFile): ShapeResolver {
  return (desc, kind = "type") => {
    let answers = resolved.get(desc);
    if (answers === undefined) {
      answers = {};
      resolved.set(desc, answers);
    }
    if (answers[kind] === undefined) {
      const symbol = kind === "schema" ? output().importSchema(desc) : output().importShape(desc);
      answers[kind] = { name: symbol.name, from: symbol.from };
    }
    return answers[kind];
  };
}

/** One proto file, as every concern's model builder sees it. */
export interface FileContext {
  readonly file: DescFile;
  /** The names of the file being generated: what it declares and imports. */
  readonly scope: FileScope;
  readonly shapeOf: ShapeResolver;
  readonly options: Options;
  /** The file's sidecar (grants, required fields), read once per proto file. */
  readonly sidecar: Sidecar | undefined;
  /** The file's services as the client and server concerns share them, built once on first use. */
  readonly services: () => FileServices;
}

/** Imports protoc-gen-es's TypeScript type for a message or enum; returns its local name. */
export function importShape(scope: FileScope, shapeOf: ShapeResolver, desc: DescMessage | DescEnum): string {
  const shape = shapeOf(desc);
  return scope.import(shape.name, shape.from, true);
}

/** Imports protoc-gen-es's descriptor constant of a message (for use in types only by default); returns its local name. */
export function importSchema(scope: FileScope, shapeOf: ShapeResolver, desc: DescMessage, typeOnly = true): string {
  const schema = shapeOf(desc, "schema");
  return scope.import(schema.name, schema.from, typeOnly);
}

/** Claims an export name in a file, or fails when two types would export the same name. */
export function declareExport(scope: FileScope, file: DescFile, element: string, name: string): void {
  if (!scope.declare(name)) {
    throw new GeneratorError(file.proto.name, element, `the generated name ${name} is already used by another type in ${scope.fileName}`);
  }
}

/** Top-level enums first, then each message's nested enums, depth first, in declaration order. */
export function enumsInOrder(file: DescFile): DescEnum[] {
  const out = [...file.enums];
  const visit = (message: DescMessage) => {
    out.push(...message.nestedEnums);
    message.nestedMessages.forEach(visit);
  };
  file.messages.forEach(visit);
  return out;
}
