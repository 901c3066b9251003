// `npm run bench -- zod`: ListParticipantsResponseZod.parse on the proto3 JSON (camelCase, the
// schema's keys) of the 50-participant sample response, against decoding the same JSON with
// the generated codec ListParticipantsResponseJson.decode (the baseline); also parsing the
// already converted init shape that parse returns, and @bufbuild/protobuf's fromJson for scale.
import { fromJson, toJson, type JsonValue } from "@bufbuild/protobuf";
import { ListParticipantsResponseJson } from "livekit-room-api/livekit_room_json";
import { ListParticipantsResponseSchema } from "livekit-room-api/livekit_room_pb";
import { ListParticipantsResponseZod } from "livekit-room-api/livekit_room_zod";
import { participantsResponse } from "../tools/samples/samples.js";

// As it arrives from the network: JSON.parse of the text.
const json = JSON.parse(JSON.stringify(toJson(ListParticipantsResponseSchema, participantsResponse(50)))) as JsonValue;
const initShape = ListParticipantsResponseZod.parse(json);

const candidates: [string, () => unknown][] = [
  ["ListParticipantsResponseJson.decode(json) [baseline]", () => ListParticipantsResponseJson.decode(json)],
  ["ListParticipantsResponseZod.parse(json)", () => ListParticipantsResponseZod.parse(json)],
  ["ListParticipantsResponseZod.parse(initShape)", () => ListParticipantsResponseZod.parse(initShape)],
  ["fromJson(ListParticipantsResponseSchema, json)", () => fromJson(ListParticipantsResponseSchema, json)],
];

/** Time per call in microseconds of one round of `calls` calls. */
function round(run: () => unknown, calls: number): number {
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) run();
  return Number(process.hrtime.bigint() - start) / 1000 / calls;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// Rounds alternate between the candidates, so that load from other processes on a shared
// machine hits all of them alike; each ratio is the median of the per-round ratios.
for (const [, run] of candidates) round(run, 300);
const rounds = 21;
const times = candidates.map(() => [] as number[]);
for (let r = 0; r < rounds; r++) candidates.forEach(([, run], i) => times[i]!.push(round(run, 50)));
console.log(`50-participant ListParticipantsResponse, median of ${rounds} alternating rounds:`);
candidates.forEach(([name], i) => {
  const ratio = median(times[i]!.map((t, r) => t / times[0]![r]!));
  console.log(`  ${name.padEnd(56)} ${median(times[i]!).toFixed(1).padStart(8)} µs   x${ratio.toFixed(2)}`);
});
