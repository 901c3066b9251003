// A second instance of a runtime module, as a project gets when two copies of the runtime
// package are installed: the same source under another module id, so its classes are distinct
// objects. Tests use it to check that errors and tables are recognised across copies.
import { fileURLToPath } from "node:url";

const sources = new URL("../../packages/runtime/src/", import.meta.url);

/** `module` relative to packages/runtime/src: `twirp/errors.ts`. */
export function secondCopy<T>(module: string): Promise<T> {
  return import(/* @vite-ignore */ `${fileURLToPath(new URL(module, sources))}?copy=2`) as Promise<T>;
}
