// Two API summaries (before and after a protocol upgrade) -> the list of what changed.
import type { ApiElement, ApiSummary } from "./summary.js";

export interface ApiChange {
  readonly change: "added" | "removed" | "changed";
  /** The element as it is now (added, changed) or as it was (removed). */
  readonly element: ApiElement;
  /** For a changed element: the facts that changed (type, number, json name, deprecated, ...). */
  readonly details: readonly FactChange[];
}

export interface FactChange {
  readonly fact: string;
  /** The value before, or undefined when the fact did not hold (not deprecated, not in a oneof). */
  readonly before: string | undefined;
  readonly after: string | undefined;
}

/**
 * What changed from `before` to `after`: additions and changes in the order of `after`, then
 * removals in the order of `before`. The members of an added or removed message, enum or service
 * are not listed again.
 */
export function diffApi(before: ApiSummary, after: ApiSummary): ApiChange[] {
  const changes: ApiChange[] = [];
  for (const [key, element] of after) {
    const old = before.get(key);
    if (old === undefined) {
      if (!parentMissing(element.parent, before)) changes.push({ change: "added", element, details: [] });
      continue;
    }
    const details = factChanges(old.facts, element.facts);
    if (details.length > 0) changes.push({ change: "changed", element, details });
  }
  for (const [key, element] of before) {
    if (!after.has(key) && !parentMissing(element.parent, after)) {
      changes.push({ change: "removed", element, details: [] });
    }
  }
  return changes;
}

/** Whether an element's parent is missing from `other` (then the parent's change covers it). */
function parentMissing(parent: string | undefined, other: ApiSummary): boolean {
  return parent !== undefined && !other.has(parent);
}

function factChanges(before: ApiElement["facts"], after: ApiElement["facts"]): FactChange[] {
  const facts = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return facts.map((fact) => ({ fact, before: before[fact], after: after[fact] })).filter((c) => c.before !== c.after);
}
