// Plugin options -> one typed Options object. Options that protoplugin knows (target,
// import_extension, ...) are parsed by protoplugin; everything else arrives here.

/** The concerns the plugin can emit, one file suffix each. */
export const allConcerns = ["enums", "json", "twirp", "server", "zod"] as const;
export type Concern = (typeof allConcerns)[number];

export interface Options {
  /** Which concerns to emit (option `emit=enums+json+...`); all by default. */
  readonly emit: ReadonlySet<Concern>;
  /** Also write `index.ts`, re-exporting every generated module and protoc-gen-es's `_pb` files. */
  readonly index: boolean;
  /**
   * Folder holding sidecar files `<proto file stem>.api.json` (token grants, required fields),
   * relative to where buf runs. Without it, no sidecar is read.
   */
  readonly sidecarDir: string | undefined;
  /**
   * Which Zod the `_zod.ts` files are written for (option `zod=classic|mini`): classic Zod
   * (`import { z } from "zod"`, schemas with methods), or Zod Mini (`zod/mini`, functions only:
   * a bundle holds just what it uses). The same exports, checks and conversions either way.
   */
  readonly zod: ZodFlavour;
}

export const zodFlavours = ["classic", "mini"] as const;
export type ZodFlavour = (typeof zodFlavours)[number];

type RawOption = { key: string; value: string };

const parsers: Record<string, (value: string, options: MutableOptions) => void> = {
  emit(value, options) {
    const names = value.split("+").map((s) => s.trim());
    for (const name of names) {
      if (!(allConcerns as readonly string[]).includes(name)) {
        throw new OptionError(`option emit: unknown concern "${name}" (known: ${allConcerns.join(", ")})`);
      }
    }
    if (names.includes("zod") && !names.includes("enums")) {
      throw new OptionError("option emit: zod needs enums too (the schemas read enum values through the enum tables)");
    }
    options.emit = new Set(names as Concern[]);
  },
  index(value, options) {
    options.index = parseBoolean("index", value);
  },
  node_transport() {
    throw new OptionError(
      'option node_transport: no longer needed, remove it: the Node transport is part of the runtime package (import { nodeTransport } from "protoc-gen-livekit-runtime/twirp/node")',
    );
  },
  sidecar_dir(value, options) {
    if (value === "") throw new OptionError("option sidecar_dir: expected a folder path");
    options.sidecarDir = value;
  },
  zod(value, options) {
    if (!(zodFlavours as readonly string[]).includes(value)) {
      throw new OptionError(`option zod: expected ${zodFlavours.join(" or ")}, got "${value}"`);
    }
    options.zod = value as ZodFlavour;
  },
};

function parseBoolean(key: string, value: string): boolean {
  if (value === "" || value === "true") return true;
  if (value === "false") return false;
  throw new OptionError(`option ${key}: expected true or false, got "${value}"`);
}

type MutableOptions = { -readonly [K in keyof Options]: Options[K] };

export class OptionError extends Error {
  override name = "OptionError";
}

export function parseOptions(raw: RawOption[]): Options {
  const options: MutableOptions = { emit: new Set(allConcerns), index: false, sidecarDir: undefined, zod: "classic" };
  const seen = new Set<string>();
  for (const { key, value } of raw) {
    const parse = Object.hasOwn(parsers, key) ? parsers[key] : undefined;
    if (parse === undefined) {
      const known = Object.keys(parsers).join(", ");
      throw new OptionError(`unknown option "${key}" (this plugin's own options: ${known})`);
    }
    if (seen.has(key)) {
      throw new OptionError(`option ${key} is given twice`);
    }
    seen.add(key);
    parse(value, options);
  }
  return options;
}
