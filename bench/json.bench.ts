// JSON codec speed, all figures from one run. For each payload (50 participants, a small Room)
// in both forms (camelCase with defaults left out, as clients send; the LiveKit server's
// snake_case with every field present): our parse and decode against JSON.parse of the same
// text, our stringify against JSON.stringify of the same JSON value, and the speedup over
// @bufbuild/protobuf's fromJsonString/toJsonString. CPU time, medians of interleaved rounds.
// Run with `npm run bench -- json`.
import { fromJsonString, toJsonString, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { RoomJson } from "livekit-room-api/livekit_models_json";
import { RoomSchema } from "livekit-room-api/livekit_models_pb";
import { ListParticipantsResponseJson } from "livekit-room-api/livekit_room_json";
import { ListParticipantsResponseSchema } from "livekit-room-api/livekit_room_pb";
import type { MessageJson } from "protoc-gen-livekit-runtime/json";
import { serverJson } from "../tools/samples/livekit-wire.js";
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
  target: string;
}

/** A row: median times, and the median of the per-round ratios of ours to the baseline. */
function row(payload: string, metric: string, ours: readonly number[], baseline: readonly number[], target = ""): Row {
  const ratio = median(ours.map((t, round) => t / baseline[round]!));
  return {
    payload,
    metric,
    ours: median(ours),
    baseline: median(baseline),
    ratio: metric.startsWith("speedup") ? `${(1 / ratio).toFixed(1)}x` : ratio.toFixed(2),
    target,
  };
}

function bench<D extends DescMessage>(name: string, schema: D, codec: MessageJson<MessageShape<D>>, message: MessageShape<D>): Row[] {
  const forms = {
    camelCase: codec.stringify(message),
    "server form": JSON.stringify(serverJson(schema, message)),
  };
  const rows: Row[] = [];
  for (const [form, text] of Object.entries(forms)) {
    const plain = JSON.parse(text) as unknown;
    // The client reads responses ignoring unknown fields (a newer server may add some).
    const options = { ignoreUnknownFields: true };
    const t = samplesOf({
      parse: () => codec.parse(text, options),
      decode: () => codec.decode(JSON.parse(text), options),
      jsonParse: () => JSON.parse(text),
      esParse: () => fromJsonString(schema, text, options),
    });
    const payload = `${name}, ${form} (${(text.length / 1024).toFixed(1)} KiB)`;
    rows.push(
      row(payload, "parse / JSON.parse", t.parse!, t.jsonParse!, "<= 1.3"),
      row(payload, "decode(JSON.parse) / JSON.parse", t.decode!, t.jsonParse!),
      row(payload, "speedup of parse vs fromJsonString", t.parse!, t.esParse!),
    );
    if (form === "camelCase") {
      const w = samplesOf({
        stringify: () => codec.stringify(message),
        jsonStringify: () => JSON.stringify(plain),
        // What a request body goes through: the text, then its UTF-8 bytes (which also flattens
        // the rope our writer builds, where JSON.stringify builds a flat string).
        stringifyBytes: () => Buffer.from(codec.stringify(message)),
        jsonStringifyBytes: () => Buffer.from(JSON.stringify(plain)),
        esStringify: () => toJsonString(schema, message),
      });
      rows.push(
        row(payload, "stringify / JSON.stringify", w.stringify!, w.jsonStringify!, "<= 1.0"),
        row(payload, "stringify+UTF-8 / JSON.stringify+UTF-8", w.stringifyBytes!, w.jsonStringifyBytes!),
        row(payload, "speedup of stringify vs toJsonString", w.stringify!, w.esStringify!),
      );
    }
  }
  return rows;
}

const rows = [
  ...bench(
    "ListParticipantsResponse, 50 participants",
    ListParticipantsResponseSchema,
    ListParticipantsResponseJson,
    participantsResponse(50),
  ),
  ...bench("Room", RoomSchema, RoomJson, smallRoom()),
];
console.table(
  rows.map((r) => ({
    payload: r.payload,
    metric: r.metric,
    "ours µs": r.ours.toFixed(1),
    "baseline µs": r.baseline.toFixed(1),
    ratio: r.ratio,
    target: r.target,
  })),
);
