// One proto file and one concern -> the model of one generated file.
import type { DescEnum, DescFile, DescMessage } from "@bufbuild/protobuf";
import type { GeneratedFile } from "@bufbuild/protoplugin";
import { GeneratorError } from "../errors.js";
import { enumModel, type EnumModel } from "./enums.js";
import { concernExports, exportName, runtimeModule, type FileScope } from "./names.js";

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
    if (answers === undefined) resolved.set(desc, (answers = {}));
    if (answers[kind] === undefined) {
      const symbol = kind === "schema" ? output().importSchema(desc) : output().importShape(desc);
      answers[kind] = { name: symbol.name, from: symbol.from };
    }
    return answers[kind];
  };
}

/** What every generated file has: the proto file it comes from (named in its header). */
export interface FileModelBase {
  readonly sourceFile: string;
}

export interface EnumsFileModel extends FileModelBase {
  /** Local names of the runtime helpers. */
  readonly runtime: { readonly enumTable: string; readonly EnumTable: string };
  readonly enums: readonly EnumModel[];
}

/** The enum tables of a proto file, or undefined when it declares no enum. */
export function enumsFileModel(
  file: DescFile,
  scope: FileScope,
  shapeOf: ShapeResolver,
): EnumsFileModel | undefined {
  const enums = enumsInOrder(file);
  if (enums.length === 0) return undefined;
  for (const desc of enums) declareExport(scope, file, desc.typeName, exportName(desc, concernExports.enums.suffix));
  const runtime = {
    enumTable: scope.import("enumTable", runtimeModule("enums")),
    EnumTable: scope.import("EnumTable", runtimeModule("enums"), true),
  };
  const models = enums.map((desc) => enumModel(desc, importShape(scope, shapeOf, desc)));
  return { sourceFile: file.proto.name, runtime, enums: models };
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
    throw new GeneratorError(
      file.proto.name,
      element,
      `the generated name ${name} is already used by another type in ${scope.fileName}`,
    );
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
