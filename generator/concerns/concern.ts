// What each concern (a kind of generated file: enums, json, twirp, server, zod) is to the
// plugin: a model builder for one proto file, the template that renders the model (its name),
// and the runtime entry points whose public API a folder's index re-exports.
import type { FileContext } from "../model/context.js";
import type { RuntimeSubpath } from "../model/names.js";
import type { Concern } from "../options.js";

export interface ConcernGenerator {
  /** The template, `templates/<name>.hbs`, and the file suffix, `x_<name>.ts`. */
  readonly name: Concern;
  /** The model of one proto file's output, or undefined when that file would be empty (not written). */
  build(ctx: FileContext): object | undefined;
  /** The runtime entry points whose public API the index of a folder with this concern re-exports. */
  readonly runtime: readonly RuntimeSubpath[];
}
