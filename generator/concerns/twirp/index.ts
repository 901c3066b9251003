// The `_twirp` concern: one `<Service>Client` (and its `<Service>Binary` format) per service.
import type { ConcernGenerator } from "../concern.js";
import { twirpFileModel } from "./model.js";

export const twirpConcern: ConcernGenerator = { name: "twirp", build: twirpFileModel, runtime: ["twirp", "livekit"] };
