// Which `<Message>Zod` export of a generated `X_zod.ts` belongs to which message, read from the
// file itself (each schema names its message type), so that tests do not re-derive names.
import { readFileSync } from "node:fs";

const declaration = /^export const (\S+?)(?::[^=]*)? = \/\*@__PURE__\*\/ \w+\("([^"]+)"/gm;

/** Proto type name -> export name, for one generated `_zod.ts` file. */
export function zodExports(path: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const [, name, typeName] of readFileSync(path, "utf8").matchAll(declaration)) names.set(typeName!, name!);
  return names;
}
