// JSON codec speed, all figures from one run: for each payload, our parse/stringify against
// JSON.parse/JSON.stringify on the same text/plain object, and against @bufbuild/protobuf's
// fromJsonString/toJsonString. Run with `npm run bench -- json`.
import { fromJsonString, toJsonString, type DescMessage } from "@bufbuild/protobuf";
import { RoomSchema } from "livekit-room-api/livekit_models_pb";
import { RoomJson } from "livekit-room-api/livekit_models_json";
import { ListParticipantsResponseSchema } from "livekit-room-api/livekit_room_pb";
import { ListParticipantsResponseJson } from "livekit-room-api/livekit_room_json";
import type { MessageJson } from "livekit-room-api/runtime/json";
import { participantsResponse, serverJson, smallRoom } from "../test/support/samples.js";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** Median time of one call, in microseconds: batches of ~25 ms after a warm-up. */
function timeOf(fn: () => unknown): number {
  let sink: unknown;
  let perBatch = 1;
  for (let start = performance.now(); performance.now() - start < 300; ) {
    for (let i = 0; i < perBatch; i++) sink = fn();
    if (performance.now() - start < 25) perBatch *= 2;
  }
  gc();
  const samples: number[] = [];
  for (let batch = 0; batch < 25; batch++) {
    const start = performance.now();
    for (let i = 0; i < perBatch; i++) sink = fn();
    samples.push(((performance.now() - start) * 1000) / perBatch);
  }
  if (sink === undefined) throw new Error("benchmark produced nothing");
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
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
  const parse = timeOf(() => codec.parse(text));
  const jsonParse = timeOf(() => JSON.parse(text));
  const stringify = timeOf(() => codec.stringify(message));
  const jsonStringify = timeOf(() => JSON.stringify(plain));
  const esParse = timeOf(() => fromJsonString(schema, text));
  const esStringify = timeOf(() => toJsonString(schema, message as never));
  const serverParse = timeOf(() => codec.parse(serverText, { ignoreUnknownFields: true }));
  const serverJsonParse = timeOf(() => JSON.parse(serverText));
  const payload = `${name} (${(text.length / 1024).toFixed(1)} KiB)`;
  return [
    { payload, metric: "parse / JSON.parse", ours: parse, baseline: jsonParse, ratio: (parse / jsonParse).toFixed(2), target: "<= 1.3" },
    { payload, metric: "stringify / JSON.stringify", ours: stringify, baseline: jsonStringify, ratio: (stringify / jsonStringify).toFixed(2), target: "<= 1.1" },
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
