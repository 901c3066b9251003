// A FileDescriptorSet (what `buf build --as-file-descriptor-set` writes) -> the API summary of
// the module's own files (imports such as google/protobuf/timestamp.proto are not part of it).
import { createFileRegistry, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { apiSummary, type ApiSummary, type ConcernName } from "./summary.js";

export function summaryOfDescriptorSet(
  bytes: Uint8Array,
  ownFiles: readonly string[],
  concerns?: readonly ConcernName[],
): ApiSummary {
  const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, bytes));
  const files = [...ownFiles].sort().map((name) => {
    const file = registry.getFile(name);
    if (file === undefined) throw new Error(`${name} is missing from the descriptor set`);
    return file;
  });
  return apiSummary(files, concerns);
}
