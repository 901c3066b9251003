// JSON codec speed on every payload shape a LiveKit backend sends and reads, all figures from one
// run: a dense participant list (every track field set), a sparse one (audio-only, mostly
// defaults), integer-heavy rooms, map- and enum-heavy participants, the benchmark's historical
// payload, and one small Room. Each is read in three forms (camelCase and snake_case with
// defaults left out, and the LiveKit server's snake_case with every field present): our parse
// and decode against JSON.parse of the same text. Each is written from a message: our stringify
// against JSON.stringify of the same JSON value. CPU time, medians of interleaved rounds; the
// worst ratio per target closes the table. Run with `npm run bench -- json`.
import { fromJsonString, toJsonString, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { RoomJson } from "livekit-room-api/livekit_models_json";
import { RoomSchema } from "livekit-room-api/livekit_models_pb";
import { ListParticipantsResponseJson, ListRoomsResponseJson } from "livekit-room-api/livekit_room_json";
import { ListParticipantsResponseSchema, ListRoomsResponseSchema } from "livekit-room-api/livekit_room_pb";
import type { MessageJson } from "protoc-gen-livekit-runtime/json";
import { serverJson } from "../tools/samples/livekit-wire.js";
import {
  attributeHeavyParticipantsResponse,
  denseParticipantsResponse,
  roomsResponse,
  sparseParticipantsResponse,
} from "../tools/samples/payloads.js";
import { participantsResponse, smallRoom } from "../tools/samples/samples.js";

const rounds = 41;

/** CPU time of this process in microseconds: unlike wall time, not inflated by other processes on the shared machine. */
function cpuTime(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * Each function's CPU time per call (µs) in every one of `rounds` rounds; a round runs every
 * function in turn for a batch of ~5 ms, so the functions are interleaved and each ratio is taken
 * between batches run moments apart. Each round starts with a different function, so that the
 * garbage one leaves (collected while the next runs) falls on each of them alike.
 */
function samplesOf(fns: Record<string, () => unknown>): Record<string, number[]> {
  const names = Object.keys(fns);
  const perBatch: Record<string, number> = {};
  let sink: unknown;
  for (const name of names) {
    // Warm up (and let the JIT settle), then size the batch to ~5 ms.
    const fn = fns[name]!;
    let n = 1;
    for (let start = performance.now(); performance.now() - start < 200; n++) sink = fn();
    const start = cpuTime();
    for (let i = 0; i < n; i++) sink = fn();
    perBatch[name] = Math.max(1, Math.round((n * 5000) / Math.max(1, cpuTime() - start)));
  }
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
      const fn = fns[name]!;
      const n = perBatch[name]!;
      const start = cpuTime();
      for (let i = 0; i < n; i++) sink = fn();
      samples[name]!.push((cpuTime() - start) / n);
    }
  }
  if (sink === undefined) throw new Error("benchmark produced nothing");
  return samples;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

interface Row {
  payload: string;
  metric: string;
  ours: number;
  baseline: number;
  ratio: string;
  /** The median ratio of ours to the baseline. */
  value: number;
  target: number | undefined;
}

/** A row: median times, and the median of the per-round ratios of ours to the baseline. */
function row(payload: string, metric: string, ours: readonly number[], baseline: readonly number[], target?: number): Row {
  const ratio = median(ours.map((t, round) => t / baseline[round]!));
  return {
    payload,
    metric,
    ours: median(ours),
    baseline: median(baseline),
    ratio: metric.startsWith("speedup") ? `${(1 / ratio).toFixed(1)}x` : ratio.toFixed(2),
    value: ratio,
    target,
  };
}

const targets = { parse: 1.3, decode: 1.2, stringify: 1.0 } as const;

function bench<D extends DescMessage>(name: string, schema: D, codec: MessageJson<MessageShape<D>>, message: MessageShape<D>): Row[] {
  const forms = {
    camelCase: codec.stringify(message),
    snake_case: codec.stringify(message, { useProtoFieldName: true }),
    "server form": JSON.stringify(serverJson(schema, message)),
  };
  const rows: Row[] = [];
  // The client reads responses ignoring unknown fields (a newer server may add some).
  const options = { ignoreUnknownFields: true };
  for (const [form, text] of Object.entries(forms)) {
    const t = samplesOf({
      parse: () => codec.parse(text, options),
      decode: () => codec.decode(JSON.parse(text), options),
      jsonParse: () => JSON.parse(text),
    });
    const payload = `${name}, ${form} (${(text.length / 1024).toFixed(1)} KiB)`;
    rows.push(
      row(payload, "parse / JSON.parse", t.parse!, t.jsonParse!, targets.parse),
      row(payload, "decode(JSON.parse) / JSON.parse", t.decode!, t.jsonParse!, targets.decode),
    );
  }
  const plain = JSON.parse(forms.camelCase) as unknown;
  const w = samplesOf({
    stringify: () => codec.stringify(message),
    jsonStringify: () => JSON.stringify(plain),
    esStringify: () => toJsonString(schema, message),
    esParse: () => fromJsonString(schema, forms.camelCase, options),
    parse: () => codec.parse(forms.camelCase, options),
  });
  const payload = `${name}, camelCase`;
  rows.push(
    row(payload, "stringify / JSON.stringify", w.stringify!, w.jsonStringify!, targets.stringify),
    row(payload, "speedup of stringify vs toJsonString", w.stringify!, w.esStringify!),
    row(payload, "speedup of parse vs fromJsonString", w.parse!, w.esParse!),
  );
  return rows;
}

const participants = { schema: ListParticipantsResponseSchema, codec: ListParticipantsResponseJson };
const rows = [
  ...bench("50 participants, dense", participants.schema, participants.codec, denseParticipantsResponse(50)),
  ...bench("200 participants, sparse", participants.schema, participants.codec, sparseParticipantsResponse(200)),
  ...bench("100 rooms", ListRoomsResponseSchema, ListRoomsResponseJson, roomsResponse(100)),
  ...bench("50 participants, maps and enums", participants.schema, participants.codec, attributeHeavyParticipantsResponse(50)),
  ...bench("50 participants, the bench payload", participants.schema, participants.codec, participantsResponse(50)),
  ...bench("Room", RoomSchema, RoomJson, smallRoom()),
];
console.table(
  rows.map((r) => ({
    payload: r.payload,
    metric: r.metric,
    "ours µs": r.ours.toFixed(1),
    "baseline µs": r.baseline.toFixed(1),
    ratio: r.ratio,
    target: r.target === undefined ? "" : `<= ${r.target.toFixed(1)}`,
  })),
);
let misses = 0;
console.log("\nWorst ratio per target, over every payload and form:");
for (const metric of ["parse / JSON.parse", "decode(JSON.parse) / JSON.parse", "stringify / JSON.stringify"]) {
  const worst = rows.filter((r) => r.metric === metric).reduce((a, b) => (b.value > a.value ? b : a));
  const meets = worst.value <= worst.target!;
  if (!meets) misses++;
  console.log(
    `  ${metric.padEnd(34)} ${worst.ratio} (${worst.payload}; target <= ${worst.target!.toFixed(1)}: ${meets ? "meets" : "MISSES"})`,
  );
}
process.exitCode = misses === 0 ? 0 : 1;
