// The response bodies of the client benchmarks, by request path: LiveKit's snake_case,
// every-field-present form of a two-room ListRooms, the JSON benchmarks' 50-participant
// ListParticipants (3 tracks each with simulcast layers), and a ListEgress of 20 recordings.
import { ListEgressResponseSchema } from "livekit-room-api/livekit_egress_pb";
import { ListParticipantsResponseSchema, ListRoomsResponseSchema } from "livekit-room-api/livekit_room_pb";
import { serverJson } from "../../tools/samples/livekit-wire.js";
import { listEgressResponse, listRoomsResponse, participantsResponse } from "../../tools/samples/samples.js";

export const responseBodies: Readonly<Record<string, string | undefined>> = {
  "/twirp/livekit.RoomService/ListRooms": JSON.stringify(serverJson(ListRoomsResponseSchema, listRoomsResponse())),
  "/twirp/livekit.RoomService/ListParticipants": JSON.stringify(serverJson(ListParticipantsResponseSchema, participantsResponse(50))),
  "/twirp/livekit.Egress/ListEgress": JSON.stringify(serverJson(ListEgressResponseSchema, listEgressResponse(20))),
};
