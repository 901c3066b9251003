// Rendered text -> protoplugin's GeneratedFile. Imports are written by protoplugin, as for
// protoc-gen-es: the text carries a placeholder token per imported name (FileScope.import), and
// each token is printed as an import symbol, so that protoplugin writes the import block (only
// what the text uses), applies `import_extension` and `rewrite_imports`, and aliases an
// imported name that clashes with a declared one.
import type { FileInfo, GeneratedFile, ImportSymbol, Printable } from "@bufbuild/protoplugin";
import type { PendingImport } from "./model/names.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL delimits import tokens because no proto text can hold it
const token = /\u0000(\d+)\u0000/;

/** What printText writes into one generated file. */
export interface PrintedFile {
  /** The file's name in the output: `dir/x_json.ts`. */
  readonly name: string;
  /** The comment that opens the file, above the import block. */
  readonly header: string;
  /** The body, with import tokens. */
  readonly text: string;
  /** The names the tokens stand for, by token index. */
  readonly imports: readonly PendingImport[];
  /** The names the file declares: protoplugin must know them to alias a clashing import. */
  readonly declared: ReadonlySet<string>;
}

export function printText(f: GeneratedFile, file: PrintedFile): void {
  // A proto's text reaches the output only as escaped literals and comments (see render.ts);
  // a raw line terminator other than LF would mean that one of them was not escaped.
  if (/[\r\u2028\u2029]/.test(file.text + file.header)) {
    throw new Error(`internal error: a raw line terminator in ${file.name}`);
  }
  const symbols = file.imports.map(({ name, from, typeOnly }) => {
    const symbol = f.import(name, from);
    return typeOnly ? symbol.toTypeOnly() : symbol;
  });
  const parts = registerDeclared(f, file).flatMap((part) => (typeof part === "string" ? splitTokens(part, symbols) : [part]));
  f.print(...trimStart(parts));
  setHeader(f, file.header);
}

/** The text starts right below the import block: no blank lines of its own first. */
function trimStart(parts: Printable[]): Printable[] {
  const [first, ...rest] = parts;
  return typeof first === "string" ? [first.replace(/^\n+/, ""), ...rest] : parts;
}

function splitTokens(text: string, symbols: readonly ImportSymbol[]): Printable[] {
  return text.split(token).map((piece, i) => {
    if (i % 2 === 0) return piece;
    const symbol = symbols[Number(piece)];
    if (symbol === undefined) throw new Error(`internal error: import token ${piece} has no import`);
    return symbol;
  });
}

/**
 * Replaces the first occurrence of each declared name with a symbol of this file, which prints
 * the same text: protoplugin then counts the name as taken and aliases an import of that name.
 */
function registerDeclared(f: GeneratedFile, file: PrintedFile): (string | ImportSymbol)[] {
  const self = `./${file.name.replace(/\.ts$/, ".js")}`;
  const parts: (string | ImportSymbol)[] = [];
  const seen = new Set<string>();
  let from = 0;
  for (const match of file.text.matchAll(/[A-Za-z_$][\w$]*/g)) {
    const name = match[0];
    if (!file.declared.has(name) || seen.has(name)) continue;
    seen.add(name);
    parts.push(file.text.slice(from, match.index), f.import(name, self));
    from = match.index + name.length;
  }
  parts.push(file.text.slice(from));
  return parts;
}

/**
 * Puts `header` at the very top of the file, above protoplugin's import block, where
 * protoplugin puts its own preamble (`FileInfo.preamble`). protoplugin's `preamble()` cannot
 * be used: it writes the plugin's version and parameters, and the proto's path unescaped.
 */
function setHeader(f: GeneratedFile, header: string): void {
  const controller = f as GeneratedFile & { getFileInfo?: () => FileInfo };
  const getFileInfo = controller.getFileInfo?.bind(f);
  if (getFileInfo === undefined) {
    throw new Error("internal error: @bufbuild/protoplugin's GeneratedFile has no getFileInfo()");
  }
  controller.getFileInfo = () => ({ ...getFileInfo(), preamble: `${header}\n` });
}
