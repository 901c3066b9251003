// Doc comments from the .proto source, made safe to place inside a /** */ block.
import type { AnyDesc, DescFile } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";

/** The doc text of a declaration: its leading comment, or else its trailing one; "" if none. */
export function docText(desc: Exclude<AnyDesc, DescFile>): string {
  const comments = getComments(desc);
  const raw = comments.leading ?? comments.trailing ?? "";
  return raw
    .split("\n")
    .map((line) => (line.startsWith(" ") ? line.slice(1) : line).trimEnd())
    .join("\n")
    .trim();
}

/**
 * The lines of a JSDoc block: the doc text, with `*\/` defused, followed by tags
 * such as `@deprecated`. Empty when there is nothing to say.
 */
export function docLines(text: string, tags: readonly string[] = []): string[] {
  const lines = text === "" ? [] : text.replaceAll("*/", "*\\/").split("\n");
  if (lines.length > 0 && tags.length > 0) lines.push("");
  return [...lines, ...tags];
}

/** Whether a declaration carries `deprecated = true`. */
export function isDeprecated(desc: Exclude<AnyDesc, DescFile>): boolean {
  const options = desc.proto.options as { deprecated?: boolean } | undefined;
  return options?.deprecated === true;
}
