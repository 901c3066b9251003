// Helpers for the Zod schema tests.
import { readFileSync } from "node:fs";
import type { z } from "zod";

/** The issues of a failed parse as `path: message`; throws when the input is accepted. */
export function issuesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input, (_key, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))} to be rejected`);
  return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

const declaration = /^export const (\S+?)(?::[^=]*)? = \/\*@__PURE__\*\/ \w+\("([^"]+)"/gm;

/**
 * Proto type name -> `<Message>Zod` export name, for one generated `_zod.ts` file, read from the
 * file itself (each schema names its message type), so that tests do not re-derive names.
 */
export function zodExports(path: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const [, name, typeName] of readFileSync(path, "utf8").matchAll(declaration)) names.set(typeName!, name!);
  return names;
}
