// Prints LiveKit's TrackSource enum: every value with its number and JSON name.
// Run: npm run track-sources -w examples
import { TrackSourceTable } from "livekit-room-api";

console.log(`${TrackSourceTable.typeName}`);
console.table(
  TrackSourceTable.values.map((value) => ({
    name: value.name,
    number: value.number,
    "JSON of the number": JSON.stringify(TrackSourceTable.toJson(value.number)),
    doc: value.doc,
  })),
);
