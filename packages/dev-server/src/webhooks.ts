// Webhooks as LiveKit sends them (livekit/livekit pkg/telemetry/events.go, livekit/protocol
// webhook): each event of the bus (events.ts) becomes a `livekit.WebhookEvent` (`id` "EV_" +
// random, `createdAt` in seconds), POSTed in proto3 JSON as `application/webhook+json` with
// `Authorization: <JWT>` from `signWebhook` with the server's first key, to every `--webhook` URL.
//
// Never in an RPC's way: `send` only queues. Each URL has its own queue (bounded: when full,
// the oldest waiting event is dropped and the drop is logged) and one delivery in flight, so
// events reach a receiver in the order they happened. A failure (connection error, timeout,
// non-2xx) is retried after each delay of `retryDelaysMs` (default 0.5 s, 1 s, 2 s: four attempts
// in all), then given up (status "failed") and the next event goes.
//
// The delivery log (`deliveries()`) keeps the newest `logSize` deliveries; it names the URL
// without credentials or query values and never holds a secret or token.
import { create } from "@bufbuild/protobuf";
import { type WebhookEvent, WebhookEventSchema } from "livekit-room-api/livekit_webhook_pb";
import { WebhookEventJsonWriter } from "livekit-room-api/livekit_webhook_json";
import { signWebhook, webhookContentType } from "protoc-gen-livekit-runtime/livekit";
import { type DevServerEvent, minimalParticipant, minimalRoom } from "./events.js";
import { newId } from "./rooms.js";

export interface WebhookOptions {
  /** Where every event is POSTed. */
  readonly urls: readonly string[];
  /** The key the webhooks are signed with (the server's first). */
  readonly apiKey: string;
  readonly apiSecret: string;
  /** The waits before each retry (ms); default [500, 1000, 2000]: four attempts in all. */
  readonly retryDelaysMs?: readonly number[];
  /** How long one attempt may take (ms) before it counts as failed; default 10 000. */
  readonly timeoutMs?: number;
  /** Events waiting per URL (the one in flight not counted); default 1000. When full, the oldest is dropped. */
  readonly queueSize?: number;
  /** Deliveries the log keeps (the newest); default 1000. */
  readonly logSize?: number;
}

export type WebhookDeliveryStatus =
  /** Waiting behind the URL's other deliveries. */
  | "queued"
  /** An attempt is in flight. */
  | "sending"
  /** An attempt failed; the next one waits for its delay. */
  | "retrying"
  /** A 2xx answered. */
  | "delivered"
  /** Every attempt failed (or the server closed first). */
  | "failed"
  /** Dropped from a full queue before its first attempt. */
  | "dropped";

/** One event to one URL, as the log shows it: no secret, no token. */
export interface WebhookDelivery {
  /** The receiver's URL, without user, password or query values. */
  readonly url: string;
  /** The event's `id` (`EV_...`). */
  readonly eventId: string;
  /** The event's name (`room_started`, ...). */
  readonly event: string;
  readonly status: WebhookDeliveryStatus;
  /** Attempts made so far. */
  readonly attempts: number;
  /** The HTTP status of the last attempt, if one answered. */
  readonly httpStatus?: number;
  /** Why the last attempt failed. */
  readonly lastError?: string;
  /** When it was queued, first tried, last tried, finished (delivered, failed or dropped); ms since the epoch. */
  readonly queuedAt: number;
  readonly firstAttemptAt?: number;
  readonly lastAttemptAt?: number;
  readonly finishedAt?: number;
}

/** A URL's queue as the log shows it. */
export interface WebhookQueueState {
  readonly url: string;
  /** Deliveries not finished: waiting, plus the one in flight or waiting to retry. */
  readonly pending: number;
  /** Events dropped from this queue because it was full. */
  readonly dropped: number;
}

interface Delivery {
  readonly event: WebhookEvent;
  body: string | undefined;
  entry: WebhookDelivery;
}

interface Queue {
  readonly url: string;
  readonly shownUrl: string;
  readonly waiting: Delivery[];
  current: Delivery | undefined;
  dropped: number;
}

/** The webhook sender of a dev server: `send` queues, each URL's worker delivers. */
export class Webhooks {
  readonly #options: WebhookOptions;
  readonly #queues: Queue[];
  readonly #log: WebhookDelivery[] = [];
  readonly #listeners = new Set<(delivery: WebhookDelivery) => void>();
  readonly #closing = new AbortController();
  readonly #retryDelays: readonly number[];
  readonly #timeoutMs: number;
  readonly #queueSize: number;
  readonly #logSize: number;

  constructor(options: WebhookOptions) {
    for (const url of options.urls) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new TypeError(`webhook URL ${JSON.stringify(url)} is not a URL: expected http://host:port/path`);
      }
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
        throw new TypeError(`webhook URL ${JSON.stringify(showUrl(url))}: expected http: or https:, got ${parsed.protocol}`);
      // fetch refuses them, and the Authorization header is the webhook's token.
      if (parsed.username !== "" || parsed.password !== "")
        throw new TypeError(
          `webhook URL ${JSON.stringify(showUrl(url))}: a user or password in the URL is not sent; use a token in the path or query`,
        );
    }
    if (options.urls.length > 0 && (options.apiKey === "" || options.apiSecret === ""))
      throw new TypeError("webhooks need an API key and secret");
    this.#options = options;
    this.#retryDelays = options.retryDelaysMs ?? [500, 1000, 2000];
    if (this.#retryDelays.some((d) => !Number.isFinite(d) || d < 0)) throw new TypeError("retryDelaysMs: expected numbers >= 0");
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#queueSize = positive(options.queueSize ?? 1000, "queueSize");
    this.#logSize = positive(options.logSize ?? 1000, "logSize");
    this.#queues = options.urls.map((url) => ({ url, shownUrl: showUrl(url), waiting: [], current: undefined, dropped: 0 }));
  }

  /** Queues the event for every URL; returns at once. */
  send(event: DevServerEvent): void {
    if (this.#queues.length === 0 || this.#closing.signal.aborted) return;
    const message = webhookEventOf(event);
    for (const queue of this.#queues) {
      const delivery: Delivery = {
        event: message,
        body: undefined,
        entry: { url: queue.shownUrl, eventId: message.id, event: message.event, status: "queued", attempts: 0, queuedAt: Date.now() },
      };
      this.#record(delivery.entry);
      queue.waiting.push(delivery);
      while (queue.waiting.length > this.#queueSize) {
        const oldest = queue.waiting.shift()!;
        queue.dropped++;
        this.#update(oldest, { status: "dropped", finishedAt: Date.now(), lastError: `queue full (${this.#queueSize} waiting)` });
      }
      if (queue.current === undefined) void this.#work(queue);
    }
  }

  /** The delivery log, oldest first: the newest `logSize` deliveries (snapshots). */
  deliveries(): readonly WebhookDelivery[] {
    return [...this.#log];
  }

  /** Each URL's queue: deliveries pending, events dropped. */
  queues(): readonly WebhookQueueState[] {
    return this.#queues.map((q) => ({
      url: q.shownUrl,
      pending: q.waiting.length + (q.current === undefined ? 0 : 1),
      dropped: q.dropped,
    }));
  }

  /** Calls `listener` with each new or changed delivery (a snapshot); returns the function that unsubscribes it. */
  subscribe(listener: (delivery: WebhookDelivery) => void): () => void {
    const entry = (delivery: WebhookDelivery) => listener(delivery);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** Stops: attempts in flight are aborted, waiting and retrying deliveries fail. */
  close(): void {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    for (const queue of this.#queues) {
      for (const delivery of queue.waiting.splice(0))
        this.#update(delivery, { status: "failed", finishedAt: Date.now(), lastError: "server closed" });
    }
  }

  async #work(queue: Queue): Promise<void> {
    while (!this.#closing.signal.aborted) {
      const delivery = queue.waiting.shift();
      queue.current = delivery;
      if (delivery === undefined) return;
      try {
        await this.#deliver(queue, delivery);
      } catch (error) {
        this.#update(delivery, { status: "failed", finishedAt: Date.now(), lastError: describe(error) });
      }
    }
    queue.current = undefined;
  }

  async #deliver(queue: Queue, delivery: Delivery): Promise<void> {
    delivery.body ??= WebhookEventJsonWriter.stringify(delivery.event);
    for (let attempt = 0; ; attempt++) {
      if (this.#closing.signal.aborted)
        return this.#update(delivery, { status: "failed", finishedAt: Date.now(), lastError: "server closed" });
      const now = Date.now();
      this.#update(delivery, {
        status: "sending",
        attempts: attempt + 1,
        lastAttemptAt: now,
        firstAttemptAt: delivery.entry.firstAttemptAt ?? now,
      });
      let failure: { lastError: string; httpStatus?: number };
      try {
        const authorization = await signWebhook(delivery.body, this.#options.apiKey, this.#options.apiSecret);
        const response = await fetch(queue.url, {
          method: "POST",
          headers: { "content-type": webhookContentType, authorization },
          body: delivery.body,
          signal: AbortSignal.any([this.#closing.signal, AbortSignal.timeout(this.#timeoutMs)]),
          redirect: "manual",
        });
        // The answer's body is not read, only released.
        await response.body?.cancel().catch(() => undefined);
        if (response.status >= 200 && response.status < 300) {
          return this.#update(delivery, { status: "delivered", httpStatus: response.status, finishedAt: Date.now(), lastError: undefined });
        }
        failure = { httpStatus: response.status, lastError: `HTTP ${response.status}` };
      } catch (error) {
        failure = { lastError: this.#closing.signal.aborted ? "server closed" : describe(error) };
      }
      const delay = this.#retryDelays[attempt];
      if (delay === undefined || this.#closing.signal.aborted) {
        return this.#update(delivery, { status: "failed", finishedAt: Date.now(), ...failure });
      }
      this.#update(delivery, { status: "retrying", ...failure });
      await sleep(delay, this.#closing.signal);
    }
  }

  #record(entry: WebhookDelivery): void {
    this.#log.push(entry);
    if (this.#log.length > this.#logSize) this.#log.splice(0, this.#log.length - this.#logSize);
    this.#notify(entry);
  }

  /** Replaces the delivery's log entry with a changed snapshot (if the log still has it). */
  #update(delivery: Delivery, change: { [K in keyof WebhookDelivery]?: WebhookDelivery[K] | undefined }): void {
    const old = delivery.entry;
    const next = Object.freeze(dropUndefined({ ...old, ...change }) as WebhookDelivery);
    delivery.entry = next;
    const index = this.#log.lastIndexOf(old);
    if (index >= 0) this.#log[index] = next;
    this.#notify(next);
  }

  #notify(entry: WebhookDelivery): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(entry);
      } catch (error) {
        console.error("dev-server: a webhook delivery listener threw:", error);
      }
    }
  }
}

/** The WebhookEvent LiveKit sends for an event (fields as livekit/livekit pkg/telemetry/events.go fills them). */
export function webhookEventOf(event: DevServerEvent): WebhookEvent {
  const common = { event: event.type, id: newId("EV_"), createdAt: BigInt(Math.floor(event.at / 1000)) };
  switch (event.type) {
    case "room_started":
    case "room_finished":
      return create(WebhookEventSchema, { ...common, room: event.room });
    case "participant_joined":
    case "participant_left":
      return create(WebhookEventSchema, { ...common, room: event.room, participant: event.participant });
    case "track_published":
    case "track_unpublished":
      // LiveKit's track events name the room and the participant only by sid and name / identity.
      return create(WebhookEventSchema, {
        ...common,
        room: minimalRoom(event.room),
        participant: minimalParticipant(event.participant),
        track: event.track,
      });
    case "egress_started":
    case "egress_updated":
    case "egress_ended":
      return create(WebhookEventSchema, {
        ...common,
        room: minimalRoom({ sid: event.egress.roomId, name: event.egress.roomName }),
        egressInfo: event.egress,
      });
    case "ingress_started":
    case "ingress_ended":
      // LiveKit names the room of an ingress event by name only.
      return create(WebhookEventSchema, {
        ...common,
        room: minimalRoom({ sid: "", name: event.ingress.roomName }),
        ingressInfo: event.ingress,
      });
  }
}

/** The URL without user, password or query values (which may hold tokens). */
export function showUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, "redacted");
    parsed.hash = "";
    return parsed.href;
  } catch {
    return "(not a URL)";
  }
}

function positive(n: number, name: string): number {
  if (!Number.isSafeInteger(n) || n <= 0) throw new TypeError(`${name}: expected a positive whole number, got ${n}`);
  return n;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "timed out";
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? ((cause as { code?: string }).code ?? "") || cause.message : "";
  return detail === "" ? error.message : `${error.message} (${detail})`;
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}
