// `npm run bench -- zod`: ListParticipantsResponseZod.parse on a 50-participant response,
// against decoding the same JSON with @bufbuild/protobuf's fromJson (the baseline; the
// generated JSON codecs are not on this branch yet), and against parsing the already
// converted init shape (bigints, numbers) that parse returns.
import { fromJson } from "@bufbuild/protobuf";
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

const baseline = measure(() => fromJson(ListParticipantsResponseSchema, json));
const rows: [string, number][] = [
  ["fromJson(ListParticipantsResponseSchema, json) [baseline]", baseline],
  ["ListParticipantsResponseZod.parse(json)", measure(() => ListParticipantsResponseZod.parse(json))],
  ["ListParticipantsResponseZod.parse(initShape)", measure(() => ListParticipantsResponseZod.parse(initShape))],
];
console.log("50-participant ListParticipantsResponse, median per call:");
for (const [name, us] of rows) {
  console.log(`  ${name.padEnd(60)} ${us.toFixed(1).padStart(8)} µs   x${(us / baseline).toFixed(2)}`);
}
