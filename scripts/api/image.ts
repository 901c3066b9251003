// A FileDescriptorSet (what `buf build --as-file-descriptor-set` writes) -> the API summary of
// the module's own files (imports such as google/protobuf/timestamp.proto are not part of it).
import { create, fromBinary } from "@bufbuild/protobuf";
import { createEcmaScriptPlugin } from "@bufbuild/protoplugin";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { shapeResolver } from "../../generator/model/context.js";
import { apiSummary, type ApiSummary, type ConcernName } from "./summary.js";

export function summaryOfDescriptorSet(bytes: Uint8Array, ownFiles: readonly string[], concerns?: readonly ConcernName[]): ApiSummary {
  // Summarized inside a plugin run, as the generator runs, so that protoc-gen-es's type names
  // (which some of our names build on) come from protoplugin itself.
  let summary: ApiSummary | undefined;
  const summarizer = createEcmaScriptPlugin({
    name: "api-summary",
    version: "v0",
    generateTs(schema) {
      const scratch = schema.generateFile("api-summary.ts");
      summary = apiSummary(
        schema.files,
        shapeResolver(() => scratch),
        concerns,
      );
    },
  });
  const request = create(CodeGeneratorRequestSchema, {
    fileToGenerate: [...ownFiles].sort(),
    parameter: "target=ts",
    protoFile: fromBinary(FileDescriptorSetSchema, bytes).file,
  });
  const response = summarizer.run(request);
  if (response.error !== "" || summary === undefined) {
    throw new Error(`cannot summarize the API: ${response.error || "no summary"}`);
  }
  return summary;
}
