// Untrusted input as plain data, for the generated Zod schemas.
import { describeThrown, maxDepth } from "./json/common.js";

/** What could not be copied, and where (property names and array indexes from the root). */
export interface InputIssue {
  readonly path: PropertyKey[];
  readonly message: string;
}

/** The copy, or the issues that stopped it (then `value` is undefined). */
export interface PlainInput {
  readonly value: unknown;
  readonly issues: readonly InputIssue[];
}

/**
 * The prototype of the objects copied here: empty, itself without prototype (so that nothing is
 * inherited), and the mark by which a copy is known and given back as it is when met again.
 */
const copyPrototype: object = Object.freeze(Object.create(null));

const noIssues: readonly InputIssue[] = Object.freeze([]);

/**
 * The input as plain data that can be read without running the caller's code: own enumerable
 * string-keyed properties, each read once (a getter cannot answer differently on a second read),
 * on objects that inherit nothing; arrays element by element; a `Date` as a new `Date`; typed
 * arrays as they are. What cannot be read that way (a getter or a proxy that throws), a value
 * that contains itself, and nesting deeper than 100 objects and arrays (the JSON codecs' limit)
 * are issues, never an exception or a stack overflow. Values that are not objects, and objects
 * copied here, are returned as they are, so that schemas nested in one another copy an input
 * once, at the outermost.
 */
export function plainInput(value: unknown): PlainInput {
  if (typeof value !== "object" || value === null || isCopy(value)) return { value, issues: noIssues };
  const state: CopyState = { ancestors: [], path: [], issues: [] };
  const copy = copyValue(value, state);
  return state.issues.length === 0 ? { value: copy, issues: noIssues } : { value: undefined, issues: state.issues };
}

/** Whether an object was copied here (false for one that throws when asked, a revoked proxy). */
function isCopy(value: object): boolean {
  try {
    return Object.getPrototypeOf(value) === copyPrototype;
  } catch {
    return false;
  }
}

interface CopyState {
  /** The objects on the path from the root to the value being copied. */
  readonly ancestors: object[];
  readonly path: PropertyKey[];
  readonly issues: InputIssue[];
}

function copyValue(value: unknown, state: CopyState): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (state.ancestors.includes(value)) return copyIssue(state, "a value that does not contain itself (found a cycle)");
  if (state.ancestors.length === maxDepth) return copyIssue(state, `at most ${maxDepth} nested objects and arrays`);
  state.ancestors.push(value);
  const depth = state.path.length;
  try {
    if (ArrayBuffer.isView(value) || isCopy(value)) return value;
    if (value instanceof Date) return new Date(Date.prototype.getTime.call(value));
    return Array.isArray(value) ? copyArray(value, state) : copyObject(value, state);
  } catch (error) {
    // At the property or element whose reading threw, if it was one.
    copyIssue(state, `a value that can be read (reading it threw ${describeThrown(error)})`);
    state.path.length = depth;
    return undefined;
  } finally {
    state.ancestors.pop();
  }
}

function copyArray(value: readonly unknown[], state: CopyState): unknown[] {
  const copy: unknown[] = [];
  for (let i = 0, length = value.length; i < length; i++) {
    state.path.push(i);
    copy.push(copyValue(value[i], state));
    state.path.pop();
  }
  return copy;
}

function copyObject(value: object, state: CopyState): Record<string, unknown> {
  const copy: Record<string, unknown> = Object.create(copyPrototype);
  for (const key of Object.keys(value)) {
    state.path.push(key);
    copy[key] = copyValue((value as Record<string, unknown>)[key], state);
    state.path.pop();
  }
  return copy;
}

function copyIssue(state: CopyState, expected: string): undefined {
  state.issues.push({ path: [...state.path], message: `expected ${expected}` });
  return undefined;
}
