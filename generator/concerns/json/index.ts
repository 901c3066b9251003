// The `_json` concern: one `<Message>Json` codec (reader and writer) per message.
import type { ConcernGenerator } from "../concern.js";
import { jsonFileModel } from "./model.js";

export const jsonConcern: ConcernGenerator = { name: "json", build: jsonFileModel, runtime: ["json"] };
