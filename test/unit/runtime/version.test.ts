// The runtime and the plugin are released together: the runtime's version constant, its
// package.json and the plugin's package.json agree, and checkRuntime refuses a runtime outside
// the range a generated file needs, naming the file and what to install.
import { readFileSync } from "node:fs";
import { checkRuntime, runtimeVersion } from "protoc-gen-livekit-runtime";
import { describe, expect, it } from "vitest";
import { satisfiesCaret } from "../../../packages/runtime/src/version.js";

const versionOf = (path: string) => (JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8")) as { version: string }).version;

describe("the runtime's version", () => {
  it("is the runtime package's version and the plugin's", () => {
    expect(runtimeVersion).toBe(versionOf("../../../packages/runtime/package.json"));
    expect(runtimeVersion).toBe(versionOf("../../../package.json"));
  });

  it("satisfies the caret range of its own version and of older patches of its minor", () => {
    const [major, minor] = runtimeVersion.split(".");
    expect(() => checkRuntime(`^${runtimeVersion}` as never, "x_json.ts")).not.toThrow();
    expect(() => checkRuntime(`^${major}.${minor}.0` as never, "x_json.ts")).not.toThrow();
  });

  it.each(["^0.1.1", "^0.2.0", "^0.0.9", "^1.1.0", "0.1.0", "^0.1", "^x.y.z"])(
    "refuses %s, naming the file and what to install",
    (range) => {
      expect(runtimeVersion).toBe("0.1.0"); // the cases above are written for this version
      expect(() => checkRuntime(range as never, "dir/x_twirp.ts")).toThrow(
        `dir/x_twirp.ts was generated for protoc-gen-livekit-runtime ${range}, but 0.1.0 is installed: ` +
          `install protoc-gen-livekit-runtime@"${range}", or regenerate with protoc-gen-livekit 0.1.0`,
      );
    },
  );
});

// npm's caret ranges (semver's documentation), written out: `^1.2.3` is >=1.2.3 <2.0.0,
// `^0.2.3` >=0.2.3 <0.3.0, `^0.0.3` >=0.0.3 <0.0.4.
const caretCases: [version: string, range: string, satisfies: boolean][] = [
  ["1.2.3", "^1.2.3", true],
  ["1.2.4", "^1.2.3", true],
  ["1.3.0", "^1.2.3", true],
  ["1.10.0", "^1.2.3", true],
  ["1.2.2", "^1.2.3", false],
  ["1.1.9", "^1.2.3", false],
  ["2.0.0", "^1.2.3", false],
  ["0.9.9", "^1.2.3", false],
  ["0.2.3", "^0.2.3", true],
  ["0.2.10", "^0.2.3", true],
  ["0.2.2", "^0.2.3", false],
  ["0.3.0", "^0.2.3", false],
  ["1.2.3", "^0.2.3", false],
  ["0.0.3", "^0.0.3", true],
  ["0.0.4", "^0.0.3", false],
  ["0.0.2", "^0.0.3", false],
  ["10.20.31", "^10.20.30", true],
  ["10.21.0", "^10.20.30", true],
  ["11.0.0", "^10.20.30", false],
  ["1.2.3", "1.2.3", false],
  ["1.2.3", "~1.2.3", false],
  ["1.2.3", "^1.2", false],
  ["1.2.3", "^1.2.3-beta", false],
  ["1.2.3", "^x1.2.3", false],
  ["1.2.3x", "^1.2.3", false],
  ["v1.2.3", "^1.2.3", false],
];

describe("satisfiesCaret", () => {
  it.each(caretCases)("%s satisfies %s: %s", (version, range, satisfies) => {
    expect(satisfiesCaret(version, range)).toBe(satisfies);
  });
});
