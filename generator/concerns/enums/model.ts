// Enum descriptors -> the model of a `X_enums.ts` file: the data of each enum table.
import type { DescEnum } from "@bufbuild/protobuf";
import { declareExport, enumsInOrder, importShape, type FileContext } from "../../model/context.js";
import { docLines, docText, isDeprecated } from "../../model/docs.js";
import { enumTableName, runtimeModule } from "../../model/names.js";

export interface EnumValueModel {
  readonly name: string;
  readonly number: number;
  readonly doc: string;
}

export interface EnumModel {
  /** `TrackSourceTable` */
  readonly tableName: string;
  /** Local name of protoc-gen-es's TypeScript enum in the generated file. */
  readonly typeRef: string;
  /** `livekit.TrackSource` */
  readonly protoName: string;
  readonly docLines: readonly string[];
  readonly values: readonly EnumValueModel[];
}

export function enumModel(desc: DescEnum, typeRef: string): EnumModel {
  return {
    tableName: enumTableName(desc),
    typeRef,
    protoName: desc.typeName,
    docLines: docLines(
      docText(desc) || `Values of the enum ${desc.typeName}, in declaration order.`,
      isDeprecated(desc) ? ["@deprecated"] : [],
    ),
    values: desc.values.map((value) => ({
      name: value.name,
      number: value.number,
      doc: docText(value),
    })),
  };
}

export interface EnumsFileModel {
  /** Local names of the runtime helpers. */
  readonly runtime: { readonly enumTable: string; readonly EnumTable: string };
  readonly enums: readonly EnumModel[];
}

/** The enum tables of a proto file, or undefined when it declares no enum. */
export function enumsFileModel({ file, scope, shapeOf }: FileContext): EnumsFileModel | undefined {
  const enums = enumsInOrder(file);
  if (enums.length === 0) return undefined;
  for (const desc of enums) declareExport(scope, file, desc.typeName, enumTableName(desc));
  const runtime = {
    enumTable: scope.import("enumTable", runtimeModule("enums")),
    EnumTable: scope.import("EnumTable", runtimeModule("enums"), true),
  };
  const models = enums.map((desc) => enumModel(desc, importShape(scope, shapeOf, desc)));
  return { runtime, enums: models };
}
