// JSON codec speed, all figures from one run. For each payload (50 participants, a small Room)
// in both forms (camelCase with defaults left out, as clients send; the LiveKit server's
// snake_case with every field present): our parse and decode against JSON.parse of the same
// text, our stringify against JSON.stringify of the same JSON value, and the speedup over
// @bufbuild/protobuf's fromJsonString/toJsonString. Run with `npm run bench -- json`.
import { fromJsonString, toJsonString, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { RoomJson } from "livekit-room-api/livekit_models_json";
import { RoomSchema } from "livekit-room-api/livekit_models_pb";
import { ListParticipantsResponseJson } from "livekit-room-api/livekit_room_json";
import { ListParticipantsResponseSchema } from "livekit-room-api/livekit_room_pb";
import type { MessageJson } from "livekit-room-api/runtime/json/codec";
import { serverJson } from "../test/support/livekit-wire.js";
import { participantsResponse, smallRoom } from "../test/support/samples.js";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const rounds = 31;

/**
 * Time of one call of each function, in microseconds: the median of `rounds` rounds, each
 * running every function in turn for a batch of ~10 ms (interleaved, so that the load of other
 * processes on the shared machine falls on all of them alike).
 */
function timesOf(fns: Record<string, () => unknown>): Record<string, number> {
  const names = Object.keys(fns);
  const perBatch: Record<string, number> = {};
  let sink: unknown;
  for (const name of names) {
    // Warm up (and let the JIT settle), then size the batch to ~10 ms.
    const fn = fns[name]!;
    let n = 1;
    for (let start = performance.now(); performance.now() - start < 200; n++) sink = fn();
    const start = performance.now();
    for (let i = 0; i < n; i++) sink = fn();
    perBatch[name] = Math.max(1, Math.round((n * 10) / (performance.now() - start)));
  }
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const fn = fns[name]!;
      const n = perBatch[name]!;
      gc();
      const start = performance.now();
      for (let i = 0; i < n; i++) sink = fn();
      samples[name]!.push(((performance.now() - start) * 1000) / n);
    }
  }
  if (sink === undefined) throw new Error("benchmark produced nothing");
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return Object.fromEntries(names.map((name) => [name, median(samples[name]!)]));
}

interface Row {
  payload: string;
  metric: string;
  ours: number;
  baseline: number;
  ratio: string;
  target: string;
}

const row = (payload: string, metric: string, ours: number, baseline: number, target = ""): Row => ({
  payload,
  metric,
  ours,
  baseline,
  ratio: metric.startsWith("speedup") ? `${(baseline / ours).toFixed(1)}x` : (ours / baseline).toFixed(2),
  target,
});

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
    const t = timesOf({
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
      const w = timesOf({
        stringify: () => codec.stringify(message),
        jsonStringify: () => JSON.stringify(plain),
        esStringify: () => toJsonString(schema, message),
      });
      rows.push(
        row(payload, "stringify / JSON.stringify", w.stringify!, w.jsonStringify!, "<= 1.0"),
        row(payload, "speedup of stringify vs toJsonString", w.stringify!, w.esStringify!),
      );
    }
  }
  return rows;
}

const rows = [
  ...bench("ListParticipantsResponse, 50 participants", ListParticipantsResponseSchema, ListParticipantsResponseJson, participantsResponse(50)),
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
