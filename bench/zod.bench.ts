// `npm run bench -- zod`: ListParticipantsResponseZod.parse on a 50-participant response in
// LiveKit's JSON, against decoding the same JSON with the generated codec
// ListParticipantsResponseJson.decode (the baseline), with @bufbuild/protobuf's fromJson for
// scale, and against parsing the already converted init shape that parse returns.
import { fromJson } from "@bufbuild/protobuf";
import { ListParticipantsResponseJson } from "livekit-room-api/livekit_room_json";
import { ListParticipantsResponseSchema } from "livekit-room-api/livekit_room_pb";
import { ListParticipantsResponseZod } from "livekit-room-api/livekit_room_zod";
import { listParticipantsJson } from "../test/support/participants.js";

const json = listParticipantsJson(50);
const initShape = ListParticipantsResponseZod.parse(json);

/** Median time per call in microseconds over several timed rounds, after a warm-up. */
function measure(run: () => unknown): number {
  const rounds = 15;
  const callsPerRound = 200;
  for (let i = 0; i < 500; i++) run();
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    globalThis.gc?.();
    const start = process.hrtime.bigint();
    for (let i = 0; i < callsPerRound; i++) run();
    perCall.push(Number(process.hrtime.bigint() - start) / 1000 / callsPerRound);
  }
  return perCall.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
}

const baseline = measure(() => ListParticipantsResponseJson.decode(json));
const rows: [string, number][] = [
  ["ListParticipantsResponseJson.decode(json) [baseline]", baseline],
  ["ListParticipantsResponseZod.parse(json)", measure(() => ListParticipantsResponseZod.parse(json))],
  ["ListParticipantsResponseZod.parse(initShape)", measure(() => ListParticipantsResponseZod.parse(initShape))],
  ["fromJson(ListParticipantsResponseSchema, json)", measure(() => fromJson(ListParticipantsResponseSchema, json))],
];
console.log("50-participant ListParticipantsResponse, median per call:");
for (const [name, us] of rows) {
  console.log(`  ${name.padEnd(56)} ${us.toFixed(1).padStart(8)} µs   x${(us / baseline).toFixed(2)}`);
}
