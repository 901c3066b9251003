// Rejects constructs the generated code cannot represent, naming the file and the element.
import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import { Edition, FieldDescriptorProto_Type } from "@bufbuild/protobuf/wkt";
import { GeneratorError } from "../errors.js";

export function checkSupported(file: DescFile): void {
  for (const type of nestedTypes(file)) {
    if (type.kind === "message") checkMessage(file, type);
    if (type.kind === "service") {
      for (const method of type.methods) {
        if (method.methodKind !== "unary") {
          throw new GeneratorError(
            file.proto.name,
            `rpc ${type.typeName}.${method.name}`,
            `${method.methodKind.replaceAll("_", "-")} RPCs are not supported (Twirp is unary only)`,
          );
        }
      }
    }
  }
  if (file.edition !== Edition.EDITION_PROTO3) {
    throw new GeneratorError(file.proto.name, `syntax ${file.proto.syntax || "proto2"}`, "only proto3 files are supported");
  }
}

function checkMessage(file: DescFile, message: DescMessage): void {
  for (const field of message.fields) {
    if (field.proto.type === FieldDescriptorProto_Type.GROUP) {
      throw new GeneratorError(
        file.proto.name,
        `field ${message.typeName}.${field.name}`,
        "proto2 groups are not supported (use a nested message instead)",
      );
    }
  }
}
