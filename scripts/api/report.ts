// API changes -> a short Markdown report, ready to paste into a pull request.
import type { ApiChange, FactChange } from "./diff.js";
import type { ApiElement } from "./summary.js";

const sections = [
  { change: "added", heading: "Added" },
  { change: "removed", heading: "Removed" },
  { change: "changed", heading: "Changed" },
] as const;

/** The report: a heading naming what was compared, then one line per change, by kind of change. */
export function apiReport(changes: readonly ApiChange[], comparing: string): string {
  const lines = [`## Generated API changes (${comparing})`, ""];
  if (changes.length === 0) return [...lines, "No changes to the generated API.", ""].join("\n");
  const counts = sections.map((s) => `${changes.filter((c) => c.change === s.change).length} ${s.change}`);
  lines.push(`${counts.join(", ")}.`);
  for (const { change, heading } of sections) {
    const listed = changes.filter((c) => c.change === change);
    if (listed.length === 0) continue;
    lines.push("", `**${heading}**`, "");
    lines.push(...listed.map((c) => `- ${describe(c)}`));
  }
  return [...lines, ""].join("\n");
}

function describe({ change, element, details }: ApiChange): string {
  const subject = `${element.kind} \`${element.protoName}\`${symbols(element)}`;
  if (change === "changed") return `${subject}: ${details.map(describeFact).join("; ")}`;
  const facts = Object.entries(element.facts).map(([fact, value]) => (fact === "deprecated" ? "deprecated" : `${fact} \`${value}\``));
  return facts.length > 0 ? `${subject}: ${facts.join(", ")}` : subject;
}

function symbols(element: ApiElement): string {
  return element.symbols.length > 0 ? ` (${element.symbols.map((s) => `\`${s}\``).join(", ")})` : "";
}

function describeFact({ fact, before, after }: FactChange): string {
  if (fact === "deprecated") return after === undefined ? "no longer deprecated" : "now deprecated";
  return `${fact} ${before === undefined ? "(none)" : `\`${before}\``} -> ${after === undefined ? "(none)" : `\`${after}\``}`;
}
