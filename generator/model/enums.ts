// Enum descriptors -> the data of an enum table.
import type { DescEnum } from "@bufbuild/protobuf";
import { docLines, docText, isDeprecated } from "./docs.js";
import { concernExports, exportName } from "./names.js";

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
    tableName: exportName(desc, concernExports.enums.suffix),
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
