// The plugin: options -> model -> templates -> files, for every proto file buf asks for.
import { createEcmaScriptPlugin, type GeneratedFile, type Schema } from "@bufbuild/protoplugin";
import { checkSupported } from "./model/check.js";
import { enumsFileModel, indexModel, shapeResolver, type FileModelBase, type ShapeResolver } from "./model/files.js";
import { jsonFileModel } from "./model/json.js";
import { twirpFileModel } from "./model/services.js";
import { concernFileName, fileStem, FileScope, runtimeFileName } from "./model/names.js";
import { zodFileModel } from "./model/zod.js";
import { parseOptions, type Concern, type Options } from "./options.js";
import { render, runtimeSource } from "./render.js";
import type { DescFile } from "@bufbuild/protobuf";

/** How each concern builds its model, which template renders it, and which runtime it needs. */
const concerns: Record<
  Concern,
  {
    build(file: DescFile, scope: FileScope, shapeOf: ShapeResolver, options: Options): FileModelBase | undefined;
    runtime: readonly string[];
    /** Runtime modules a user imports by path to opt in; never in index.ts, so that importing it does not load them. */
    optIn?: readonly string[];
  }
> = {
  enums: { build: enumsFileModel, runtime: ["enums"] },
  json: { build: jsonFileModel, runtime: ["json"] },
  twirp: {
    build: twirpFileModel,
    runtime: ["livekit/token", "twirp/client", "twirp/errors"],
    optIn: ["twirp/transport-node", "twirp/transport-types"],
  },
  zod: { build: zodFileModel, runtime: ["enums", "zod"] },
};

export const plugin = createEcmaScriptPlugin<Options>({
  name: "protoc-gen-livekit",
  version: "v0.1.0",
  parseOptions,
  generateTs: generate,
});

function generate(schema: Schema<Options>): void {
  // protoplugin answers buf only after this function returns, so an error thrown anywhere
  // here means that no file at all is written.
  const runtimeNeeded = new Set<string>();
  const optInNeeded = new Set<string>();
  const modules: string[] = [];
  for (const file of schema.files) {
    modules.push(`./${fileStem(file)}_pb.js`);
    checkSupported(file);
    for (const concern of schema.options.emit) {
      const name = concernFileName(file, concern);
      let output: GeneratedFile | undefined;
      const shapeOf = shapeResolver(() => (output ??= schema.generateFile(name)));
      const scope = new FileScope(name, schema.options.importExtension);
      const model = concerns[concern].build(file, scope, shapeOf, schema.options);
      if (model === undefined) continue;
      (output ?? schema.generateFile(name)).print(render(concern, model));
      concerns[concern].runtime.forEach((module) => runtimeNeeded.add(module));
      concerns[concern].optIn?.forEach((module) => optInNeeded.add(module));
      modules.push(`./${name.slice(0, -3)}.js`);
    }
  }
  for (const module of [...runtimeNeeded].sort()) {
    const name = runtimeFileName(module);
    schema.generateFile(name).print(runtimeSource(module));
    modules.push(`./${name.slice(0, -3)}.js`);
  }
  for (const module of [...optInNeeded].sort()) schema.generateFile(runtimeFileName(module)).print(runtimeSource(module));
  if (schema.options.index) {
    const scope = new FileScope("index.ts", schema.options.importExtension);
    schema.generateFile("index.ts").print(render("index", indexModel(scope, modules)));
  }
}
