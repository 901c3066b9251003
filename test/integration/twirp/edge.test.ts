// The client on runtimes that have only web APIs (Workers, Deno, Bun, browsers): bundled for the
// browser platform, it runs in a node:vm context that holds nothing but those APIs, signs its
// token with Web Crypto, and calls a real server on 127.0.0.1.
import { runInNewContext } from "node:vm";
import { build } from "esbuild";
import { jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../support/buf.js";
import { answerJson, serverPerFile } from "../../support/twirp-server.js";

const serverOf = serverPerFile(answerJson(200, { rooms: [{ sid: "RM_1", name: "edge", creation_time: "1700000000" }] }));

const entry = `
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
globalThis.listRooms = async (url) => {
  const client = new RoomServiceClient(url, { auth: { apiKey: "edge-key", apiSecret: "edge-secret" } });
  const { rooms } = await client.listRooms({ names: ["edge"] });
  return rooms.map((room) => room.sid + " " + room.name + " " + room.creationTime);
};
`;

async function browserBundle(): Promise<string> {
  const result = await build({
    stdin: { contents: entry, resolveDir: repoRoot, sourcefile: "edge.mjs" },
    bundle: true,
    platform: "browser",
    format: "iife",
    write: false,
    logLevel: "error",
  });
  return result.outputFiles[0]!.text;
}

describe("edge runtimes", () => {
  it("bundles for the browser platform without any node: import", async () => {
    const code = await browserBundle();
    expect(code).not.toMatch(/\brequire\(|["']node:/);
  });

  it("calls a loopback server from a context with only fetch, Headers, URL, AbortController, TextEncoder/Decoder, crypto, timers and console", async () => {
    const server = serverOf();
    const context: Record<string, unknown> = {
      fetch,
      Headers,
      Request,
      Response,
      URL,
      AbortController,
      TextEncoder,
      TextDecoder,
      crypto,
      setTimeout,
      clearTimeout,
      console,
    };
    runInNewContext(await browserBundle(), context);
    const listRooms = context.listRooms as (url: string) => Promise<string[]>;
    expect(await listRooms(server.url)).toEqual(["RM_1 edge 1700000000"]);
    const token = String(server.requests[0]!.headers.authorization).replace(/^Bearer /, "");
    const { payload } = await jwtVerify(token, new TextEncoder().encode("edge-secret"), { algorithms: ["HS256"] });
    expect(payload).toMatchObject({ iss: "edge-key", video: { roomList: true } });
  });
});
