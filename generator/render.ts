// Handlebars setup: templates and partials are compiled once; render(model) -> text.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { commentText } from "./model/docs.js";
import type { GrantModel } from "./model/services.js";

/** The `templates/` folder of this package, found from this module's location (source or build). */
export const templatesDir = findTemplatesDir(dirname(fileURLToPath(import.meta.url)));

function findTemplatesDir(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, "templates");
    if (existsSync(join(candidate, "partials"))) return candidate;
    if (dirname(dir) === dir) throw new Error(`templates/ not found above ${start}`);
  }
}

const hbs = Handlebars.create();

// Output is TypeScript, not HTML: nothing is HTML-escaped. Every string that comes from a
// proto file reaches the output through `str` (a JSON string literal), `comment` (text inside a
// comment) or a checked identifier.
hbs.registerHelper("str", (value: unknown) => {
  if (typeof value !== "string") throw new Error(`str: expected a string, got ${typeof value}`);
  return stringLiteral(value);
});

// Proto-derived text inside a comment: it can end neither the comment nor the line.
hbs.registerHelper("comment", (value: unknown) => {
  if (typeof value !== "string") throw new Error(`comment: expected a string, got ${typeof value}`);
  return commentText(value);
});

// A JSON scalar from a sidecar file (string, finite number, boolean) as a TypeScript literal.
function literal(value: unknown): string {
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) return String(value);
  throw new Error(`literal: expected a string, number or boolean, got ${typeof value}`);
}
hbs.registerHelper("literal", literal);

// The token claims of an RPC as an object literal: `({ video: { roomAdmin: true, room: request.room } })`.
// Keys are checked identifiers (model/services.ts); with `orEmpty=true` (a client's init shape,
// whose fields may be absent) a request field defaults to "".
hbs.registerHelper("grantObject", (grant: GrantModel, options: Handlebars.HelperOptions) => {
  const fallback = options.hash["orEmpty"] === true ? ' ?? ""' : "";
  const claims = grant.claims.map(({ name, entries }) => {
    const values = entries.map(
      ({ key, property, value }) => `${key}: ${property === undefined ? literal(value) : `request.${property}${fallback}`}`,
    );
    return `${name}: { ${values.join(", ")} }`;
  });
  return `({ ${claims.join(", ")} })`;
});

for (const name of readdirSync(join(templatesDir, "partials"))) {
  if (!name.endsWith(".hbs")) continue;
  hbs.registerPartial(name.slice(0, -4), readFileSync(join(templatesDir, "partials", name), "utf8"));
}

/** A string as a TypeScript literal that no line terminator can break. */
export function stringLiteral(value: string): string {
  return JSON.stringify(value).replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029");
}

const compiled = new Map<string, Handlebars.TemplateDelegate>();

/** Renders `templates/<name>.hbs` with a model. Missing model properties are errors. */
export function render(name: string, model: object): string {
  let template = compiled.get(name);
  if (template === undefined) {
    const source = readFileSync(join(templatesDir, `${name}.hbs`), "utf8");
    template = hbs.compile(source, { noEscape: true, strict: true });
    compiled.set(name, template);
  }
  // GeneratedFile.print adds the final newline.
  return template(model).trimEnd();
}
