// The `_server` concern: one `<Service>Implementation` interface and `create<Service>Handler` per service.
import type { ConcernGenerator } from "../concern.js";
import { serverFileModel } from "./model.js";

export const serverConcern: ConcernGenerator = { name: "server", build: serverFileModel, runtime: ["twirp/server", "livekit"] };
