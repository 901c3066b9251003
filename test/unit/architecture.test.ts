// The runtime's layers, read from the import graph of packages/runtime/src: no import cycle, the
// Twirp layer (twirp/) never reaches the LiveKit layer (livekit/), and the JSON and enum layers
// (json/, enums.ts) reach nothing of twirp/, livekit/ or zod.ts. `import type` counts: a cycle
// of types still ties the modules together.
import { readdirSync, readFileSync } from "node:fs";
import { join, posix, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const sourceDir = fileURLToPath(new URL("../../packages/runtime/src/", import.meta.url));

/**
 * The specifier of a static `import ... from`, `export ... from` or bare `import "..."` at the
 * start of a line (so not in a comment); the braces may span lines.
 */
const importStatement =
  /^[ \t]*(?:import|export)\s+(?:type\s+)?(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?)?\s*(?:from\s*)?["']([^"']+)["']/gm;

/** Module -> the modules it imports, each as a path under src with `/` separators: `twirp/client.ts`. */
type ImportGraph = ReadonlyMap<string, readonly string[]>;

function readImportGraph(dir: string): { graph: ImportGraph; unresolved: string[] } {
  const modules = (readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.endsWith(".ts"))
    .map((file) => file.split(sep).join("/"))
    .sort();
  const known = new Set(modules);
  const graph = new Map<string, string[]>();
  const unresolved: string[] = [];
  for (const module of modules) {
    const imports: string[] = [];
    for (const match of readFileSync(join(dir, module), "utf8").matchAll(importStatement)) {
      const specifier = match[1]!;
      if (!specifier.startsWith(".")) continue; // a package
      // The sources import `./x.js`; the file is `./x.ts`.
      const target = posix.join(posix.dirname(module), specifier).replace(/\.js$/, ".ts");
      if (known.has(target)) imports.push(target);
      else unresolved.push(`${module} imports ${specifier}, which is no module under src`);
    }
    graph.set(module, imports);
  }
  return { graph, unresolved };
}

/** The first import cycle found, as `a.ts -> b.ts -> a.ts`; undefined when there is none. */
function findCycle(graph: ImportGraph): string | undefined {
  const finished = new Set<string>();
  const path: string[] = [];
  const visit = (module: string): string | undefined => {
    const start = path.indexOf(module);
    if (start >= 0) return [...path.slice(start), module].join(" -> ");
    if (finished.has(module)) return undefined;
    path.push(module);
    for (const imported of graph.get(module) ?? []) {
      const cycle = visit(imported);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    finished.add(module);
    return undefined;
  };
  for (const module of graph.keys()) {
    const cycle = visit(module);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/**
 * For every module `from` accepts that reaches, directly or through others, a module `to`
 * accepts: the shortest such chain of imports, as `a.ts -> b.ts -> c.ts`.
 */
function forbiddenImports(graph: ImportGraph, from: (module: string) => boolean, to: (module: string) => boolean): string[] {
  const chains: string[] = [];
  for (const start of [...graph.keys()].filter(from)) {
    const importedBy = new Map<string, string>();
    const queue = [start];
    search: for (let i = 0; i < queue.length; i++) {
      for (const imported of graph.get(queue[i]!) ?? []) {
        if (imported === start || importedBy.has(imported)) continue;
        importedBy.set(imported, queue[i]!);
        if (to(imported)) {
          const chain = [imported];
          while (chain[0] !== start) chain.unshift(importedBy.get(chain[0]!)!);
          chains.push(chain.join(" -> "));
          break search;
        }
        queue.push(imported);
      }
    }
  }
  return chains;
}

const under = (folder: string) => (module: string) => module.startsWith(`${folder}/`);

describe("runtime layers (packages/runtime/src)", () => {
  const { graph, unresolved } = readImportGraph(sourceDir);

  it("every relative import names a module under src", () => {
    expect(graph.size).toBeGreaterThan(0);
    expect(unresolved).toEqual([]);
  });

  it("has no import cycle", () => {
    expect(findCycle(graph), "import cycle").toBeUndefined();
  });

  it("twirp/ never reaches livekit/", () => {
    expect(forbiddenImports(graph, under("twirp"), under("livekit"))).toEqual([]);
  });

  it("json/ and enums.ts reach nothing of twirp/, livekit/ or zod.ts", () => {
    const lower = (module: string) => under("json")(module) || module === "enums.ts";
    const upper = (module: string) => under("twirp")(module) || under("livekit")(module) || module === "zod.ts";
    expect(forbiddenImports(graph, lower, upper)).toEqual([]);
  });
});
