// The inspector page in a real browser: headless Chromium (Debian's `chromium`) loads GET / of
// the dev server (in-process, free port), a room created through livekit-server-sdk appears on
// it, and a screenshot is saved to .cache/inspector.png; with JavaScript off the page says what
// it needs. Chromium is driven with the Chrome DevTools Protocol over --remote-debugging-pipe
// (NUL-terminated JSON on file descriptors 3 and 4): no library, and no WebSocket, which
// Node.js 20 has only behind a flag.
//
// Without a Chromium that starts, the tests skip with the reason printed; BROWSER=required (CI)
// makes that a failure. CHROMIUM=<path> picks another binary than /usr/bin/chromium.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import { DataPacket_Kind, IngressClient, IngressInput, RoomServiceClient } from "livekit-server-sdk";
import { TrackSource, TrackType } from "livekit-room-api/livekit_models_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, SimulatorClient, startDevServer } from "livekit-dev-server";
import { repoRoot } from "../../support/buf.js";

const chromiumPath = process.env["CHROMIUM"] ?? "/usr/bin/chromium";
const required = process.env["BROWSER"] === "required";
const screenshotPath = join(repoRoot, ".cache", "inspector.png");

/** A Chrome DevTools Protocol connection over the pipe. */
class Browser {
  #nextId = 1;
  #buffer = "";
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; method: string }>();
  #exited: Error | undefined;

  constructor(
    readonly process: ChildProcess,
    readonly profile: string,
  ) {
    const output = process.stdio[4] as Readable;
    output.setEncoding("utf8");
    output.on("data", (chunk: string) => {
      this.#buffer += chunk;
      let end = this.#buffer.indexOf("\0");
      while (end >= 0) {
        const message = JSON.parse(this.#buffer.slice(0, end)) as { id?: number; result?: unknown; error?: { message: string } };
        this.#buffer = this.#buffer.slice(end + 1);
        end = this.#buffer.indexOf("\0");
        const call = message.id === undefined ? undefined : this.#pending.get(message.id);
        if (call === undefined) continue;
        this.#pending.delete(message.id!);
        if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
        else call.resolve(message.result);
      }
    });
    process.once("exit", (code, signal) => {
      this.#exited = new Error(`chromium exited (${signal ?? code})`);
      for (const call of this.#pending.values()) call.reject(this.#exited);
      this.#pending.clear();
    });
  }

  /** Sends a command (to a page when `sessionId` is given) and waits for its answer, at most `ms`. */
  send<T = Record<string, unknown>>(method: string, params: object = {}, sessionId?: string, ms = 15_000): Promise<T> {
    if (this.#exited) return Promise.reject(this.#exited);
    const id = this.#nextId++;
    const message = JSON.stringify({ id, method, params, ...(sessionId === undefined ? {} : { sessionId }) });
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method}: no answer from chromium within ${ms} ms`));
      }, ms);
      this.#pending.set(id, {
        method,
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      (this.process.stdio[3] as Writable).write(`${message}\0`);
    });
  }

  /** A new tab, 1280x900, attached: its session id. */
  async newPage(): Promise<string> {
    const { targetId } = await this.send<{ targetId: string }>("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send<{ sessionId: string }>("Target.attachToTarget", { targetId, flatten: true });
    await this.send("Emulation.setDeviceMetricsOverride", { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
    return sessionId;
  }

  /** The value of an expression in the page. */
  async evaluate<T>(sessionId: string, expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<{ result: { value: T }; exceptionDetails?: { text: string } }>(
      "Runtime.evaluate",
      { expression, returnByValue: true },
      sessionId,
    );
    if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
    return result.value;
  }

  /** Polls `expression` until it is truthy, at most `ms`; fails with `describe()`'s text otherwise. */
  async waitFor(sessionId: string, expression: string, what: string, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      if (await this.evaluate<boolean>(sessionId, `Boolean(${expression})`)) return;
      if (Date.now() > deadline) {
        const text = await this.evaluate<string>(sessionId, "document.body ? document.body.innerText : document.documentElement.outerHTML");
        throw new Error(`${what}: not so within ${ms} ms; the page shows:\n${text.slice(0, 2000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    if (!this.#exited) {
      const exited = new Promise((resolve) => this.process.once("exit", resolve));
      this.send("Browser.close").catch(() => undefined);
      const timer = setTimeout(() => this.process.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** Chromium started and answering, or why not. */
async function launch(): Promise<Browser | string> {
  if (!existsSync(chromiumPath)) return `no ${chromiumPath} (apt-get install -y chromium, or CHROMIUM=<path>)`;
  const profile = mkdtempSync(join(tmpdir(), "inspector-chromium-"));
  const child = spawn(
    chromiumPath,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      `--user-data-dir=${profile}`,
      "--remote-debugging-pipe",
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const started = await new Promise<true | string>((resolve) => {
    child.once("error", (error) => resolve(`cannot start ${chromiumPath}: ${error.message}`));
    child.once("spawn", () => resolve(true));
  });
  if (started !== true) {
    rmSync(profile, { recursive: true, force: true });
    return started;
  }
  const browser = new Browser(child, profile);
  try {
    await browser.send("Browser.getVersion", {}, undefined, 30_000);
    return browser;
  } catch (error) {
    await browser.close();
    return `${chromiumPath} did not answer the DevTools protocol: ${(error as Error).message}\n${stderr.slice(-2000)}`;
  }
}

const launched = await launch();
const browser = typeof launched === "string" ? undefined : launched;
const skipReason = typeof launched === "string" ? launched : undefined;
if (skipReason !== undefined) {
  console.warn(`inspector browser tests ${required ? "FAIL (BROWSER=required)" : "skipped"}: ${skipReason}`);
}

it.runIf(required && skipReason !== undefined)("Chromium starts (BROWSER=required)", () => {
  throw new Error(`BROWSER=required, but ${skipReason}`);
});

describe.skipIf(browser === undefined)("the inspector page in headless Chromium", () => {
  let server: DevServer;
  const auth = { apiKey: "devkey", apiSecret: "secret" };

  beforeAll(async () => {
    server = await startDevServer({ port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await browser?.close();
  });

  it("shows a room created through livekit-server-sdk, live; saves a screenshot", async () => {
    const page = await browser!.newPage();
    await browser!.send("Page.navigate", { url: `${server.url}/` }, page);
    await browser!.waitFor(page, `document.getElementById("status")?.textContent === "live"`, "the page connects to /events");
    await browser!.waitFor(page, `document.body.innerText.includes("No open rooms.")`, "the page shows the empty state");

    const name = `inspected-${Date.now().toString(36)}`;
    const rooms = new RoomServiceClient(server.url, auth.apiKey, auth.apiSecret);
    await rooms.createRoom({ name, metadata: '{"topic":"stand-up"}' });
    const simulator = new SimulatorClient(server.url, { auth });
    await simulator.join({
      room: name,
      identity: "alice",
      name: "Alice",
      tracks: [
        { type: TrackType.AUDIO, source: TrackSource.MICROPHONE, mimeType: "audio/opus" },
        { type: TrackType.VIDEO, source: TrackSource.CAMERA, mimeType: "video/VP8", width: 1280, height: 720 },
      ],
    });
    await simulator.join({ room: name, identity: "bob", name: "Bob" });
    await rooms.sendData(name, new TextEncoder().encode("hello"), DataPacket_Kind.RELIABLE, { topic: "chat" });
    const ingress = await new IngressClient(server.url, auth.apiKey, auth.apiSecret).createIngress(IngressInput.RTMP_INPUT, {
      name: "obs",
      roomName: name,
      participantIdentity: "streamer",
    });

    const roomNames = `[...document.querySelectorAll(".room-name")].map((e) => e.textContent)`;
    await browser!.waitFor(page, `${roomNames}.includes(${JSON.stringify(name)})`, `room ${name} appears on the page`);
    await browser!.waitFor(
      page,
      `document.body.innerText.includes("MICROPHONE audio") && document.body.innerText.includes("chat")`,
      "the tracks and the data message appear",
    );
    await browser!.waitFor(page, `document.body.innerText.includes(${JSON.stringify(ingress.ingressId)})`, "the ingress appears");
    const html = await browser!.evaluate<string>(page, "document.documentElement.outerHTML");
    expect(html.includes(ingress.streamKey), "the page shows the ingress stream key").toBe(false);

    const { data } = await browser!.send<{ data: string }>("Page.captureScreenshot", { format: "png", captureBeyondViewport: true }, page);
    mkdirSync(join(repoRoot, ".cache"), { recursive: true });
    writeFileSync(screenshotPath, Buffer.from(data, "base64"));
    console.log(`inspector screenshot: ${screenshotPath}`);
    expect(Buffer.from(data, "base64").subarray(1, 4).toString("latin1")).toBe("PNG");
  });

  it("says what it needs with JavaScript off", async () => {
    const page = await browser!.newPage();
    await browser!.send("Emulation.setScriptExecutionDisabled", { value: true }, page);
    await browser!.send("Page.navigate", { url: `${server.url}/` }, page);
    await browser!.waitFor(
      page,
      `document.readyState === "complete" && document.body.innerText.includes("This inspector needs JavaScript")`,
      "the noscript message shows",
    );
    // The script did not run: no snapshot was drawn.
    expect(await browser!.evaluate<string>(page, `document.getElementById("status").textContent`)).toBe("connecting…");
  });
});
