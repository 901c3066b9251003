// Every relative link in README.md and docs/*.md points at a file or folder of the repository
// (a page moved or a bench result never committed is a broken link for every reader).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const pages = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** The targets of a page's Markdown links that are neither web addresses nor anchors, without their anchor. */
function relativeLinks(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith("#"))
    .map((target) => target.replace(/#.*$/, ""));
}

describe("links in the docs", () => {
  it("finds the pages", () => {
    expect(pages).toContain("docs/codecs.md");
    expect(relativeLinks("see [a](../x.md#part), [b](https://x.dev), [c](#here), `[d](nope.md)`")).toEqual(["../x.md"]);
  });

  it.each(pages)("%s: every relative link resolves", (page) => {
    const broken = relativeLinks(readFileSync(join(root, page), "utf8")).filter((target) => !existsSync(join(root, dirname(page), target)));
    expect(broken).toEqual([]);
  });
});
