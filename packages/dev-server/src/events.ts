// What happens on a dev server, as events: the rooms (rooms.ts) and the Egress and Ingress state
// (egress-service.ts, ingress-service.ts) emit them on one bus per server, after the change they
// describe; webhooks.ts turns them into LiveKit's webhooks and the inspector page shows them.
// The names are LiveKit's webhook event names (livekit/protocol webhook.Event*); each event
// carries the messages as they are once the change is made (messages are values here: nothing
// an event holds changes afterwards).
import type { EgressInfo } from "livekit-room-api/livekit_egress_pb";
import type { IngressInfo } from "livekit-room-api/livekit_ingress_pb";
import { create } from "@bufbuild/protobuf";
import { type ParticipantInfo, ParticipantInfoSchema, type Room, RoomSchema, type TrackInfo } from "livekit-room-api/livekit_models_pb";
import type { LocalRooms } from "./rooms.js";

/** One thing that happened; `at` is the server's clock (ms since the epoch; the manual clock with --manual-clock). */
export type DevServerEvent = { readonly at: number } & (
  | { readonly type: "room_started" | "room_finished"; readonly room: Room }
  | { readonly type: "participant_joined" | "participant_left"; readonly room: Room; readonly participant: ParticipantInfo }
  | {
      readonly type: "track_published" | "track_unpublished";
      readonly room: Room;
      readonly participant: ParticipantInfo;
      readonly track: TrackInfo;
    }
  | { readonly type: "egress_started" | "egress_updated" | "egress_ended"; readonly egress: EgressInfo }
  | { readonly type: "ingress_started" | "ingress_ended"; readonly ingress: IngressInfo }
);

/** The event names: LiveKit's webhook `event` values. */
export type DevServerEventName = DevServerEvent["type"];

/** An event as it is emitted: the bus stamps `at`. */
export type DevServerEventInit = DevServerEvent extends infer E ? (E extends DevServerEvent ? Omit<E, "at"> : never) : never;

export type DevServerEventListener = (event: DevServerEvent) => void;

/**
 * A small synchronous event bus. Listeners run in the order they subscribed, during `emit`; one
 * that throws is reported on stderr and the others still run (no listener can fail an RPC).
 */
export class EventBus {
  readonly #listeners = new Set<DevServerEventListener>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Calls `listener` with every event from now on; returns the function that unsubscribes it. */
  subscribe(listener: DevServerEventListener): () => void {
    // A wrapper per subscription: the same function subscribed twice is called twice, unsubscribed once each.
    const entry: DevServerEventListener = (event) => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(init: DevServerEventInit): void {
    if (this.#listeners.size === 0) return;
    const event = Object.freeze({ ...init, at: this.clock() }) as DevServerEvent;
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        console.error(`dev-server: an event listener threw on ${event.type}:`, error);
      }
    }
  }
}

const buses = new WeakMap<LocalRooms, EventBus>();

/** The event bus of a dev server's rooms (one per LocalRooms, on its clock). */
export function eventsOf(rooms: LocalRooms): EventBus {
  let bus = buses.get(rooms);
  if (bus === undefined) {
    bus = new EventBus(() => rooms.clock.now());
    buses.set(rooms, bus);
  }
  return bus;
}

/** A room as LiveKit puts it in track, egress and ingress webhooks: its sid and name only. */
export function minimalRoom(room: Pick<Room, "sid" | "name">): Room {
  return create(RoomSchema, { sid: room.sid, name: room.name });
}

/** A participant as LiveKit puts it in track webhooks: its sid and identity only. */
export function minimalParticipant(participant: Pick<ParticipantInfo, "sid" | "identity">): ParticipantInfo {
  return create(ParticipantInfoSchema, { sid: participant.sid, identity: participant.identity });
}
