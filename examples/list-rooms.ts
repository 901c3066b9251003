// Lists the open rooms of a LiveKit server and the participants in each, as a table.
// Run: LIVEKIT_URL=https://my-project.livekit.cloud LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... \
//        npm run list-rooms -w examples
import { ParticipantInfo_StateTable, TrackSourceTable, TwirpError } from "livekit-room-api";
import type { ParticipantInfo } from "livekit-room-api/livekit_models_pb";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    console.error(`${name} is not set (needed: LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET)`);
    process.exit(2);
  }
  return value;
}

/** Left-aligned columns separated by two spaces, with a rule under the header. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function participantRow(p: ParticipantInfo): string[] {
  const joined = p.joinedAt === 0n ? "" : new Date(Number(p.joinedAt) * 1000).toISOString().replace(".000Z", "Z");
  const tracks = p.tracks.map((t) => `${TrackSourceTable.byNumber[t.source] ?? t.source}${t.muted ? " (muted)" : ""}`);
  return [p.identity, p.name, ParticipantInfo_StateTable.byNumber[p.state] ?? String(p.state), joined, tracks.join(", ")];
}

const client = new RoomServiceClient(env("LIVEKIT_URL"), {
  auth: { apiKey: env("LIVEKIT_API_KEY"), apiSecret: env("LIVEKIT_API_SECRET") },
});

try {
  const { rooms } = await client.listRooms();
  console.log(`${rooms.length} open room${rooms.length === 1 ? "" : "s"}`);
  for (const room of rooms) {
    const { participants } = await client.listParticipants({ room: room.name });
    console.log(`\nRoom ${room.name} (${room.sid}): ${participants.length} participant${participants.length === 1 ? "" : "s"}`);
    if (participants.length > 0) {
      console.log(table(["Identity", "Name", "State", "Joined", "Tracks"], participants.map(participantRow)));
    }
  }
} catch (error) {
  if (!(error instanceof TwirpError)) throw error;
  // The message holds the server's own reason too when the answer was not a Twirp error.
  console.error(`LiveKit answered ${error.code}: ${error.msg}`);
  process.exit(1);
}
