// Doc comments from the .proto source, made safe to place inside a /** */ block.
import type { AnyDesc, DescFile } from "@bufbuild/protobuf";
import { getComments } from "@bufbuild/protoplugin";

/** Every line terminator of JavaScript: a comment line must hold none of them. */
const lineTerminators = /\r\n|[\n\r\u2028\u2029]/;

/** The doc text of a declaration: its leading comment, or else its trailing one; "" if none. */
export function docText(desc: Exclude<AnyDesc, DescFile>): string {
  const comments = getComments(desc);
  const raw = comments.leading ?? comments.trailing ?? "";
  return raw
    .split(lineTerminators)
    .map((line) => (line.startsWith(" ") ? line.slice(1) : line).trimEnd())
    .join("\n")
    .trim();
}

/**
 * The lines of a JSDoc block: the doc text split at every line terminator (CR, LF, U+2028,
 * U+2029), followed by tags such as `@deprecated`. Empty when there is nothing to say. The
 * templates print each line through `commentText`.
 */
export function docLines(text: string, tags: readonly string[] = []): string[] {
  const lines = text === "" ? [] : text.split(lineTerminators);
  if (lines.length > 0 && tags.length > 0) lines.push("");
  return [...lines, ...tags];
}

/** Whether a declaration carries `deprecated = true`. */
export function isDeprecated(desc: Exclude<AnyDesc, DescFile>): boolean {
  const options = desc.proto.options as { deprecated?: boolean } | undefined;
  return options?.deprecated === true;
}

const commentEscapes: Record<string, string> = {
  "*/": "*\\/",
  "\r": "\\r",
  "\n": "\\n",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * Text from a proto file (a path, a name, a line of a doc comment) made safe inside a `//` or
 * block comment: it can neither end the comment (star-slash gets a backslash between) nor the
 * line (CR, LF, U+2028, U+2029 become the visible escapes \r, \n, \u2028, \u2029).
 */
export function commentText(text: string): string {
  return text.replace(/\*\/|[\n\r\u2028\u2029]/g, (match) => commentEscapes[match] ?? match);
}
