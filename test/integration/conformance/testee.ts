// The testee that Google's conformance_test_runner drives: length-prefixed ConformanceRequest
// in on stdin, ConformanceResponse out on stdout. JSON of TestAllTypesProto3 goes through our
// generated codec; binary goes through @bufbuild/protobuf, and so does everything about the
// proto2 TestAllTypesProto2 (our plugin is proto3 only). The generated modules live in the work
// folder named by CONFORMANCE_WORK (see conformance.test.ts). When the input ends, the testee
// appends how many JSON requests our codec answered to CONFORMANCE_WORK/codec-requests.txt.
import { createRegistry, fromBinary, fromJsonString, toBinary, toJsonString, type DescMessage, type Registry } from "@bufbuild/protobuf";
import * as wkt from "@bufbuild/protobuf/wkt";
import { appendFileSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { JsonDecodeError } from "protoc-gen-livekit-runtime/json";

const work = process.env.CONFORMANCE_WORK;
if (work === undefined) throw new Error("CONFORMANCE_WORK is not set");
const load = (name: string) => import(pathToFileURL(join(work, name)).href);
const conformance = await load("conformance_pb.ts");
const testMessages = await load("google/protobuf/test_messages_proto3_pb.ts");
const proto2Messages = await load("google/protobuf/test_messages_proto2_pb.ts");
const codecs = await load("google/protobuf/test_messages_proto3_json.ts");

const TestAllTypes: DescMessage = testMessages.TestAllTypesProto3Schema;
const TestAllTypesJson = codecs.TestAllTypesProto3Json;
// google.protobuf.Any values name their type; these are the types the suite packs.
const registry: Registry = createRegistry(
  testMessages.file_google_protobuf_test_messages_proto3,
  proto2Messages.file_google_protobuf_test_messages_proto2,
  ...Object.values(wkt).filter((v): v is DescMessage => (v as DescMessage)?.kind === "message"),
);

type Result = { case: string; value: unknown };
let codecRequests = 0;

/** TestAllTypesProto2 entirely through @bufbuild/protobuf (the reference implementation). */
function handleProto2(schema: DescMessage, request: Parameters<typeof handle>[0]): Result {
  let message: ReturnType<typeof fromBinary>;
  try {
    if (request.payload.case === "protobufPayload") message = fromBinary(schema, request.payload.value as Uint8Array);
    else if (request.payload.case === "jsonPayload") {
      const ignoreUnknownFields = request.testCategory === conformance.TestCategory.JSON_IGNORE_UNKNOWN_PARSING_TEST;
      message = fromJsonString(schema, request.payload.value as string, { ignoreUnknownFields, registry });
    } else return { case: "skipped", value: `${request.payload.case} input is not supported` };
  } catch (error) {
    return { case: "parseError", value: String(error) };
  }
  switch (request.requestedOutputFormat) {
    case conformance.WireFormat.PROTOBUF:
      return { case: "protobufPayload", value: toBinary(schema, message) };
    case conformance.WireFormat.JSON:
      try {
        return { case: "jsonPayload", value: toJsonString(schema, message, { registry }) };
      } catch (error) {
        return { case: "serializeError", value: String(error) };
      }
    default:
      return { case: "skipped", value: "only binary and JSON output are supported" };
  }
}

function handle(request: {
  messageType: string;
  requestedOutputFormat: number;
  testCategory: number;
  payload: { case: string | undefined; value?: unknown };
}): Result {
  if (request.messageType === "conformance.FailureSet") {
    return { case: "protobufPayload", value: new Uint8Array(0) };
  }
  if (request.messageType === proto2Messages.TestAllTypesProto2Schema.typeName) {
    return handleProto2(proto2Messages.TestAllTypesProto2Schema, request);
  }
  if (request.messageType !== TestAllTypes.typeName) {
    return { case: "skipped", value: `only ${TestAllTypes.typeName} is tested` };
  }
  let message: unknown;
  switch (request.payload.case) {
    case "protobufPayload":
      try {
        message = fromBinary(TestAllTypes, request.payload.value as Uint8Array);
      } catch (error) {
        return { case: "parseError", value: String(error) };
      }
      break;
    case "jsonPayload":
      codecRequests++;
      try {
        const ignoreUnknownFields = request.testCategory === conformance.TestCategory.JSON_IGNORE_UNKNOWN_PARSING_TEST;
        message = TestAllTypesJson.parse(request.payload.value as string, { ignoreUnknownFields, registry });
      } catch (error) {
        // Only JsonDecodeError is a parse error; anything else is a bug that must show.
        if (error instanceof JsonDecodeError) return { case: "parseError", value: error.message };
        return { case: "runtimeError", value: String((error as Error)?.stack ?? error) };
      }
      break;
    default:
      return { case: "skipped", value: `${request.payload.case} input is not supported` };
  }
  switch (request.requestedOutputFormat) {
    case conformance.WireFormat.PROTOBUF:
      return { case: "protobufPayload", value: toBinary(TestAllTypes, message as never) };
    case conformance.WireFormat.JSON:
      if (request.payload.case !== "jsonPayload") codecRequests++;
      try {
        return { case: "jsonPayload", value: TestAllTypesJson.stringify(message, { registry }) };
      } catch (error) {
        return { case: "serializeError", value: String(error) };
      }
    default:
      return { case: "skipped", value: "only binary and JSON output are supported" };
  }
}

function readExactly(length: number): Buffer | undefined {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = readSync(0, buffer, read, length - read, null);
    if (n === 0) return undefined;
    read += n;
  }
  return buffer;
}

for (;;) {
  const header = readExactly(4);
  if (header === undefined) break;
  const body = readExactly(header.readUInt32LE(0));
  if (body === undefined) break;
  const request = fromBinary(conformance.ConformanceRequestSchema, body);
  const response = toBinary(conformance.ConformanceResponseSchema, {
    $typeName: "conformance.ConformanceResponse",
    result: handle(request),
  } as never);
  const out = Buffer.alloc(4 + response.length);
  out.writeUInt32LE(response.length, 0);
  out.set(response, 4);
  writeSync(1, out);
}
appendFileSync(join(work, "codec-requests.txt"), `${codecRequests}\n`);
