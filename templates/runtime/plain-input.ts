// Untrusted input as plain data, for the generated Zod schemas. Copied verbatim into the
// generated package.

/** How deeply objects and arrays may nest in one input (the JSON codecs' limit too). */
const maxDepth = 100;

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

/** Copies made here: safe to read, and given back as they are when met again. */
const copies = new WeakSet<object>();

const noIssues: readonly InputIssue[] = Object.freeze([]);

/**
 * The input as plain data that can be read without running the caller's code: own enumerable
 * string-keyed properties, each read once (a getter cannot answer differently on a second read),
 * on objects without prototype; arrays element by element; a `Date` as a new `Date`; typed
 * arrays as they are. What cannot be read that way (a getter or a proxy that throws), a value
 * that contains itself, and nesting deeper than 100 objects and arrays are issues, never an
 * exception or a stack overflow. Values that are not objects, and copies made here, are returned
 * as they are, so that schemas nested in one another copy an input once, at the outermost.
 */
export function plainInput(value: unknown): PlainInput {
  if (typeof value !== "object" || value === null || copies.has(value)) return { value, issues: noIssues };
  const state: CopyState = { ancestors: new Set(), path: [], issues: [] };
  const copy = copyValue(value, state);
  return state.issues.length === 0 ? { value: copy, issues: noIssues } : { value: undefined, issues: state.issues };
}

interface CopyState {
  /** The objects on the path from the root to the value being copied. */
  readonly ancestors: Set<object>;
  readonly path: PropertyKey[];
  readonly issues: InputIssue[];
}

function copyValue(value: unknown, state: CopyState): unknown {
  if (typeof value !== "object" || value === null || copies.has(value)) return value;
  if (state.ancestors.has(value)) return copyIssue(state, "a value that does not contain itself (found a cycle)");
  if (state.ancestors.size >= maxDepth) return copyIssue(state, `at most ${maxDepth} nested objects and arrays`);
  state.ancestors.add(value);
  const depth = state.path.length;
  try {
    if (ArrayBuffer.isView(value)) return value;
    const copy =
      value instanceof Date
        ? new Date(Date.prototype.getTime.call(value))
        : Array.isArray(value)
          ? copyArray(value, state)
          : copyObject(value, state);
    copies.add(copy);
    return copy;
  } catch (error) {
    // At the property or element whose reading threw, if it was one.
    copyIssue(state, `a value that can be read (reading it threw ${describeError(error)})`);
    state.path.length = depth;
    return undefined;
  } finally {
    state.ancestors.delete(value);
  }
}

function copyArray(value: readonly unknown[], state: CopyState): unknown[] {
  const length = value.length;
  const copy = new Array<unknown>(length);
  for (let i = 0; i < length; i++) {
    state.path.push(i);
    copy[i] = copyValue(value[i], state);
    state.path.pop();
  }
  return copy;
}

function copyObject(value: object, state: CopyState): Record<string, unknown> {
  const copy: Record<string, unknown> = Object.create(null);
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

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
  } catch {
    return "an exception";
  }
}
