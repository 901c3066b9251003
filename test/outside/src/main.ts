// The outside-the-repo test's program: every call of livekit.ts and acme.ts, then a summary.
// Exits non-zero on the first failed assertion.
import { acmeCalls } from "./acme.js";
import { livekitCalls } from "./livekit.js";

const calls = [...(await livekitCalls()), ...(await acmeCalls())];
console.log(`${calls.length} RPCs called on ${process.version}, every assertion held: ${calls.join(", ")}`);
