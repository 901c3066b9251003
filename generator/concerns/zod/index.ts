// The `_zod` concern: one `<Message>Zod` schema per message and `<Service>Validators` per service.
import type { ConcernGenerator } from "../concern.js";
import { zodFileModel } from "./model.js";

export const zodConcern: ConcernGenerator = { name: "zod", build: zodFileModel, runtime: ["enums", "zod"] };
