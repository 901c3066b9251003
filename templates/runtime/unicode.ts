// Unicode checks shared by the generated code. Copied verbatim into the generated package.

type WellFormed = { isWellFormed?(): boolean };
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string holds whole Unicode characters only, no lone surrogate: a string that
 * protobuf can carry (as UTF-8). `String.prototype.isWellFormed` where there is one.
 */
export const wellFormed: (s: string) => boolean =
  typeof (String.prototype as WellFormed).isWellFormed === "function"
    ? (s) => (s as WellFormed).isWellFormed!()
    : (s) => !loneSurrogate.test(s);
