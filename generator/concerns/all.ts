// Every concern the plugin can emit, by name (option `emit` picks among them).
import type { Concern } from "../options.js";
import type { ConcernGenerator } from "./concern.js";
import { enumsConcern } from "./enums/index.js";
import { jsonConcern } from "./json/index.js";
import { serverConcern } from "./server/index.js";
import { twirpConcern } from "./twirp/index.js";
import { zodConcern } from "./zod/index.js";

export const concerns: Readonly<Record<Concern, ConcernGenerator>> = {
  enums: enumsConcern,
  json: jsonConcern,
  twirp: twirpConcern,
  server: serverConcern,
  zod: zodConcern,
};
