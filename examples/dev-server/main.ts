// `npm run dev-server`: the local room service on 127.0.0.1:7880 with key `devkey` and secret
// `secret`, as `livekit-server --dev`. Prints the variables the SDKs and our examples read.
//   --port <n>             0 picks a free port
//   --host <address>       default 127.0.0.1
//   --keys <key:secret>    API key and secret (several: comma-separated)
//   --manual-clock         time stands still until the Simulator's AdvanceClock moves it
//   --enable-remote-unmute MutePublishedTrack may unmute
import { parseArgs } from "node:util";
import { startDevServer } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "7880" },
    host: { type: "string", default: "127.0.0.1" },
    keys: { type: "string", default: "devkey:secret" },
    "manual-clock": { type: "boolean", default: false },
    "enable-remote-unmute": { type: "boolean", default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected a port number, got ${values.port}`);
const keys = Object.fromEntries(
  values.keys.split(",").map((pair) => {
    const colon = pair.indexOf(":");
    if (colon <= 0 || colon === pair.length - 1) throw new Error(`--keys: expected key:secret, got ${JSON.stringify(pair)}`);
    return [pair.slice(0, colon).trim(), pair.slice(colon + 1).trim()];
  }),
);

const server = await startDevServer({
  port,
  host: values.host,
  keys,
  manualClock: values["manual-clock"],
  enableRemoteUnmute: values["enable-remote-unmute"],
});
const [apiKey, apiSecret] = Object.entries(keys)[0]!;
console.log(`LIVEKIT_URL=${server.url}\nLIVEKIT_API_KEY=${apiKey}\nLIVEKIT_API_SECRET=${apiSecret}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void server.close().then(() => process.exit(0)));
}
