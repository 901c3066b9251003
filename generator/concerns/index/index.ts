// The index concern (option index=true): what each folder's `index.ts` re-exports is collected
// while the other concerns' files are written, then each index is written once at the end.
import type { DescFile } from "@bufbuild/protobuf";
import type { Schema } from "@bufbuild/protoplugin";
import type { RuntimeSubpath } from "../../model/names.js";
import { FileScope } from "../../model/names.js";
import type { Options } from "../../options.js";
import { printText } from "../../print.js";
import { render } from "../../render.js";
import type { ConcernGenerator } from "../concern.js";
import { concernFileExports, indexFileName, indexFolder, indexModel, pbExports, runtimeExports, type IndexExport } from "./model.js";

/** What one folder's index re-exports: its modules' exports, and the runtime entry points they use. */
interface Folder {
  readonly exports: IndexExport[];
  readonly runtime: Set<RuntimeSubpath>;
}

export class FolderIndexes {
  readonly #folders = new Map<string, Folder>();

  /** Records a generated file `name` of `concern` for `file`, whose body is `text`. */
  add(file: DescFile, concern: ConcernGenerator, name: string, text: string): void {
    const key = indexFolder(file);
    let folder = this.#folders.get(key);
    if (folder === undefined) {
      folder = { exports: [], runtime: new Set() };
      this.#folders.set(key, folder);
    }
    for (const subpath of concern.runtime) folder.runtime.add(subpath);
    folder.exports.push(...concernFileExports(file, concern.name, `./${name.replace(/\.ts$/, ".js")}`, text));
  }

  /** Writes every folder's index, with `header` on top. */
  write(schema: Schema<Options>, header: string): void {
    for (const [folder, { exports, runtime }] of this.#folders) {
      const name = indexFileName(folder);
      const f = schema.generateFile(name);
      const pb = schema.files.filter((file) => indexFolder(file) === folder).flatMap((file) => pbExports(file, f));
      const scope = new FileScope(name);
      const model = indexModel(scope, [...pb, ...exports, ...runtimeExports([...runtime].sort())]);
      const text = render("index", model);
      printText(f, {
        name,
        header: `${header}\n// Everything this folder's modules export, and the runtime's public API.`,
        text,
        imports: scope.imports(),
        declared: scope.declared(),
      });
    }
  }
}
