// A line diff for tests that check where generated output changed.

/**
 * The lines removed from `before` (`-line`) and added in `after` (`+line`), each run headed by
 * `@@ -<line in before> +<line in after>`, from a longest common subsequence of lines.
 * Empty when the texts are equal.
 */
export function lineDiff(before: string, after: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let [i, j] = [0, 0];
  let inRun = false;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      [i, j, inRun] = [i + 1, j + 1, false];
      continue;
    }
    if (!inRun) out.push(`@@ -${i + 1} +${j + 1}`);
    inRun = true;
    // Removals before additions, as in a unified diff.
    if (i < a.length && (j === b.length || common[i + 1]![j]! >= common[i]![j + 1]!)) out.push(`-${a[i++]}`);
    else out.push(`+${b[j++]}`);
  }
  return out;
}
