// Checks a CreateRoom request given as JSON (argument 1, or a sample) with the generated Zod
// schema, and prints either the request as the client takes it or every problem with its path.
// Run: npm run validate-request -w examples -- '{"name": "demo", "emptyTimeout": 600}'
import { CreateRoomRequestZod } from "livekit-room-api";

const input: unknown = JSON.parse(process.argv[2] ?? '{"name": "demo", "emptyTimeout": 600, "tags": {"team": "blue"}}');
const result = CreateRoomRequestZod.safeParse(input);
if (result.success) {
  console.log("valid CreateRoomRequest:", result.data);
} else {
  for (const issue of result.error.issues) console.log(`invalid at ${issue.path.join(".") || "(top)"}: ${issue.message}`);
  process.exitCode = 1;
}
