// The `_enums` concern: one `<Enum>Table` per enum.
import type { ConcernGenerator } from "../concern.js";
import { enumsFileModel } from "./model.js";

export const enumsConcern: ConcernGenerator = { name: "enums", build: enumsFileModel, runtime: ["enums"] };
