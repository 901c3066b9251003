// A runtime module (templates/runtime/<module>.ts) as a file for the printer: its own import
// and re-export statements become import tokens, so that protoplugin writes them with
// `import_extension` and `rewrite_imports` applied, as for every other generated file.
import { posix } from "node:path";
import { importToken, type PendingImport } from "./model/names.js";
import type { PrintedFile } from "./print.js";

/** `import { a, type B } from "x";` and `export { a, type B } from "x";`, also across lines. */
const statement = /^(import|export)( type)? \{([^}]*)\} from "([^"]+)";\n/gm;

export function runtimeFile(name: string, source: string): PrintedFile {
  const lines = source.split("\n");
  const headerLines = lines.findIndex((line) => !line.startsWith("//"));
  const header = lines.slice(0, headerLines).join("\n");
  let body = lines.slice(headerLines).join("\n");
  const imports: PendingImport[] = [];
  const used: { name: string; index: number }[] = [];
  body = body.replace(statement, (_all, keyword: string, typeKeyword: string | undefined, list: string, from: string) => {
    const target = from.startsWith(".") ? `./${posix.join(posix.dirname(name), from)}` : from;
    const specifiers = list.split(",").map((s) => s.trim()).filter((s) => s !== "");
    const tokens = specifiers.map((specifier) => {
      const [, typePrefix, imported] = /^(type )?([A-Za-z_$][\w$]*)$/.exec(specifier) ?? [];
      if (imported === undefined) throw new Error(`runtime ${name}: cannot read import specifier "${specifier}"`);
      const typeOnly = typeKeyword !== undefined || typePrefix !== undefined;
      const index = imports.push({ name: imported, from: target, typeOnly }) - 1;
      if (keyword === "import") used.push({ name: imported, index });
      return `${typePrefix ?? ""}${importToken(index)}`;
    });
    return keyword === "import" ? "" : `export${typeKeyword ?? ""} { ${tokens.join(", ")} };\n`;
  });
  if (/^import /m.test(body)) throw new Error(`runtime ${name}: an import statement the printer cannot read`);
  for (const { name: imported, index } of used) {
    const at = body.search(new RegExp(`(?<![\\w$.])${imported.replaceAll("$", "\\$")}(?![\\w$])`));
    if (at >= 0) body = body.slice(0, at) + importToken(index) + body.slice(at + imported.length);
  }
  return { name, header, text: body.replace(/^\n+/, ""), imports, declared: new Set() };
}
