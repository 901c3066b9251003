// The RoomService that the server entries serve: createRoom and listRooms in memory, every other
// RPC `unimplemented`. Each room's metadata names the runtime that answered, so the test knows the
// binary under test served it (not Node.js, not a simulation).
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { RoomSchema } from "livekit-room-api/livekit_models_pb";
import { createRoomServiceHandler, type RoomServiceImplementation } from "livekit-room-api/livekit_room_server";
import { livekitAuth } from "protoc-gen-livekit-runtime/livekit";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp/server";

type Room = MessageInitShape<typeof RoomSchema>;

const unimplemented = async (): Promise<never> => {
  throw new TwirpError("unimplemented", "not served by this test server");
};

/** `createRoomServiceHandler(impl, { auth: livekitAuth({ keys }) })`, the fetch-style handler. */
export function roomServiceHandler(keys: Record<string, string>, runtime: string): (request: Request) => Promise<Response> {
  const rooms = new Map<string, Room>();
  const implementation: RoomServiceImplementation = {
    async createRoom({ name, emptyTimeout }) {
      if (name === "") throw new TwirpError("invalid_argument", "name is required");
      const room: Room = rooms.get(name) ?? {
        sid: `RM_${crypto.randomUUID().slice(0, 12)}`,
        name,
        emptyTimeout,
        creationTime: BigInt(Math.floor(Date.now() / 1000)),
        metadata: `served by ${runtime}`,
      };
      rooms.set(name, room);
      return room;
    },
    async listRooms({ names }) {
      return { rooms: [...rooms.values()].filter((room) => names.length === 0 || names.includes(room.name!)) };
    },
    deleteRoom: unimplemented,
    listParticipants: unimplemented,
    getParticipant: unimplemented,
    removeParticipant: unimplemented,
    mutePublishedTrack: unimplemented,
    updateParticipant: unimplemented,
    updateSubscriptions: unimplemented,
    sendData: unimplemented,
    updateRoomMetadata: unimplemented,
    forwardParticipant: unimplemented,
    moveParticipant: unimplemented,
    performRpc: unimplemented,
  };
  return createRoomServiceHandler(implementation, { auth: livekitAuth({ keys }) });
}
