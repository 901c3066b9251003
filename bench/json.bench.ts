// JSON codec speed, all figures from one run: for each payload, our parse/stringify against
// JSON.parse/JSON.stringify on the same text/plain object, and against @bufbuild/protobuf's
// fromJsonString/toJsonString. Run with `npm run bench -- json`.
import { fromJsonString, toJsonString, type DescMessage } from "@bufbuild/protobuf";
import { RoomSchema } from "livekit-room-api/livekit_models_pb";
import { RoomJson } from "livekit-room-api/livekit_models_json";
import { ListParticipantsResponseSchema } from "livekit-room-api/livekit_room_pb";
import { ListParticipantsResponseJson } from "livekit-room-api/livekit_room_json";
import type { MessageJson } from "livekit-room-api/runtime/json/codec";
import { serverJson } from "../test/support/livekit-wire.js";
import { participantsResponse, smallRoom } from "../test/support/samples.js";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * Time of one call of each function, in microseconds. The machine is shared, so the functions
 * run interleaved, in rounds of batches of ~10 ms each, and each keeps its fastest batch: the
 * load of other processes only ever adds time.
 */
function timesOf(fns: Record<string, () => unknown>, rounds = 40): Record<string, number> {
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
  const best: Record<string, number> = Object.fromEntries(names.map((name) => [name, Infinity]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const fn = fns[name]!;
      const n = perBatch[name]!;
      gc();
      const start = performance.now();
      for (let i = 0; i < n; i++) sink = fn();
      best[name] = Math.min(best[name]!, ((performance.now() - start) * 1000) / n);
    }
  }
  if (sink === undefined) throw new Error("benchmark produced nothing");
  return best;
}

interface Row {
  payload: string;
  metric: string;
  ours: number;
  baseline: number;
  ratio: string;
  target: string;
}

function bench<M>(name: string, schema: DescMessage, codec: MessageJson<M>, message: M): Row[] {
  const text = codec.stringify(message);
  const plain = JSON.parse(text) as unknown;
  const serverText = JSON.stringify(serverJson(schema, message as never));
  const t = timesOf({
    parse: () => codec.parse(text),
    jsonParse: () => JSON.parse(text),
    // parse without its duplicate-key check of the text: JSON.parse, then decode.
    decodeParsed: () => codec.decode(JSON.parse(text)),
    stringify: () => codec.stringify(message),
    jsonStringify: () => JSON.stringify(plain),
    // What a request body goes through: the text, then its UTF-8 bytes (this also flattens
    // the rope our writer builds, which JSON.stringify never has).
    stringifyBytes: () => Buffer.from(codec.stringify(message)),
    jsonStringifyBytes: () => Buffer.from(JSON.stringify(plain)),
    esParse: () => fromJsonString(schema, text),
    esStringify: () => toJsonString(schema, message as never),
    serverParse: () => codec.parse(serverText, { ignoreUnknownFields: true }),
    serverJsonParse: () => JSON.parse(serverText),
  });
  const { parse, jsonParse, stringify, jsonStringify, esParse, esStringify, serverParse, serverJsonParse } = t as Record<string, number>;
  const payload = `${name} (${(text.length / 1024).toFixed(1)} KiB)`;
  return [
    { payload, metric: "parse / JSON.parse", ours: parse, baseline: jsonParse, ratio: (parse / jsonParse).toFixed(2), target: "<= 1.3" },
    { payload, metric: "stringify / JSON.stringify", ours: stringify, baseline: jsonStringify, ratio: (stringify / jsonStringify).toFixed(2), target: "<= 1.1" },
    {
      payload,
      metric: "decode(JSON.parse) / JSON.parse",
      ours: t.decodeParsed!,
      baseline: jsonParse,
      ratio: (t.decodeParsed! / jsonParse).toFixed(2),
      target: "",
    },
    {
      payload,
      metric: "stringify+UTF-8 / JSON.stringify+UTF-8",
      ours: t.stringifyBytes!,
      baseline: t.jsonStringifyBytes!,
      ratio: (t.stringifyBytes! / t.jsonStringifyBytes!).toFixed(2),
      target: "",
    },
    { payload, metric: "speedup vs fromJsonString", ours: parse, baseline: esParse, ratio: `${(esParse / parse).toFixed(1)}x`, target: ">= 4x" },
    { payload, metric: "speedup vs toJsonString", ours: stringify, baseline: esStringify, ratio: `${(esStringify / stringify).toFixed(1)}x`, target: ">= 2x" },
    {
      payload: `${name}, server form (${(serverText.length / 1024).toFixed(1)} KiB)`,
      metric: "parse / JSON.parse",
      ours: serverParse,
      baseline: serverJsonParse,
      ratio: (serverParse / serverJsonParse).toFixed(2),
      target: "",
    },
  ];
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
