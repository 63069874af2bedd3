import { CLOUDS } from "../../lib/core/cloud";
import { libFiles, parseAll, readLib } from "./lib-imports";
import { cloudConditions, cloudImportsPortable, cloudLoadedOutsideRegistry, runtimeCycles } from "./rules";

// The folder boundaries of the "one contract per cloud" layout, checked on every lib/ file.
// Findings read `lib/file.ts:line ...`, so a failure points at the line to change.
describe("lib/ import boundaries", () => {
  const lib = parseAll(readLib(), CLOUDS);

  test("reads every lib file, and the references that matter", () => {
    expect(libFiles().length).toBeGreaterThan(50);
    // Known edges of each kind, so a parser that found nothing could not pass the rules below.
    const has = (from: string, to: string, typeOnly: boolean) =>
      lib.edges.some((e) => e.from === from && e.to === to && e.typeOnly === typeOnly);
    expect(has("lib/core/registry.ts", "lib/aws/target.ts", false)).toBe(true); // require("../aws/target")
    expect(has("lib/network.ts", "lib/aws/network.ts", true)).toBe(true); // import type
    expect(has("lib/network.ts", "lib/core/registry.ts", false)).toBe(true); // import
    expect(has("lib/index.ts", "lib/network.ts", false)).toBe(true); // export ... from
  });

  test("(a) only lib/core/registry.ts loads a cloud folder at runtime", () => {
    expect(cloudLoadedOutsideRegistry(lib.edges, CLOUDS)).toEqual([]);
  });

  test("(b) cloud folders never import construct files, the registry or CloudStack, even as types", () => {
    expect(cloudImportsPortable(lib.edges, CLOUDS)).toEqual([]);
  });

  test("(c) no runtime import cycle in lib/", () => {
    expect(runtimeCycles(lib.edges)).toEqual([]);
  });

  test("(d) no code outside the cloud folders compares with a cloud name", () => {
    expect(cloudConditions(lib.comparisons, CLOUDS)).toEqual([]);
  });
});

// Each rule on files written to break it: a check that cannot fail proves nothing.
describe("the rules fire", () => {
  const broken = parseAll(
    {
      "lib/core/registry.ts": 'const t = () => require("../aws/target");\nif (cloud === "gcp") {}\n',
      "lib/aws/target.ts": 'import { stackOf } from "../core/stack-info";\nimport "./network";\n',
      "lib/aws/network.ts": 'import type { Network } from "../network";\nimport { GCP } from "../gcp/target";\n',
      "lib/gcp/target.ts": 'import { targetFor } from "../core/registry";\n',
      "lib/core/stack-info.ts": "export const x = 1;\n",
      "lib/network.ts": [
        'import type { AwsNetworkResources } from "./aws/network";',
        'import { buildNetwork } from "./aws/network";',
        'export { GCP } from "./gcp/target";',
        'const c = "aws";',
        'if (stack.cloud === "aws") {}',
        'if ("gcp" !== cloud) {}',
        'switch (cloud) { case "gcp": break; }',
        "const ok = cloud === other;",
      ].join("\n"),
      "lib/private/a.ts": 'import { b } from "./b";\n',
      "lib/private/b.ts": 'import type { a } from "./a";\nimport { c } from "./c";\n',
      "lib/private/c.ts": 'const lazy = () => require("./a");\n',
      "lib/policy/rules/x.ts": 'if (provider === "aws") {}\n',
      "lib/pipeline/steps.ts": 'const step = login.cloud === "aws" ? a : b;\n',
      "lib/aws/pipeline.ts": 'if (cloud === "aws") {}\n',
      "lib/core/providers.ts": 'if (name === "gcp") {}\n',
    },
    CLOUDS,
  );

  test("(a) names the file and line of each runtime import of a cloud folder", () => {
    expect(cloudLoadedOutsideRegistry(broken.edges, CLOUDS)).toEqual([
      "lib/aws/network.ts:2 loads lib/gcp/target.ts at runtime; only lib/core/registry.ts may load a cloud folder (an escape hatch uses `import type`)",
      "lib/network.ts:2 loads lib/aws/network.ts at runtime; only lib/core/registry.ts may load a cloud folder (an escape hatch uses `import type`)",
      "lib/network.ts:3 loads lib/gcp/target.ts at runtime; only lib/core/registry.ts may load a cloud folder (an escape hatch uses `import type`)",
    ]);
  });

  test("(b) flags construct, registry and other-cloud imports from a cloud, type-only ones too", () => {
    expect(cloudImportsPortable(broken.edges, CLOUDS).map((m) => m.split(";")[0])).toEqual([
      "lib/aws/network.ts:1 imports lib/network.ts (type only)",
      "lib/aws/network.ts:2 imports lib/gcp/target.ts",
      "lib/gcp/target.ts:1 imports lib/core/registry.ts",
    ]);
  });

  test("(c) reports a cycle through a lazy require, and not one closed only by a type import", () => {
    expect(runtimeCycles(broken.edges)).toEqual([
      "import cycle: lib/aws/network.ts:2 -> lib/gcp/target.ts:1 -> lib/core/registry.ts:1 -> lib/aws/target.ts:2 -> lib/aws/network.ts",
      "import cycle: lib/private/a.ts:1 -> lib/private/b.ts:2 -> lib/private/c.ts:1 -> lib/private/a.ts",
    ]);
  });

  test("(d) flags ===, !== and case on a cloud name anywhere but the cloud folders, the registry and the provider table", () => {
    expect(cloudConditions(broken.comparisons, CLOUDS)).toEqual([
      'lib/network.ts:5 compares with a cloud name: `stack.cloud === "aws"`; move the difference into the CloudTarget',
      'lib/network.ts:6 compares with a cloud name: `"gcp" !== cloud`; move the difference into the CloudTarget',
      'lib/network.ts:7 compares with a cloud name: `case "gcp":`; move the difference into the CloudTarget',
      'lib/policy/rules/x.ts:1 compares with a cloud name: `provider === "aws"`; move the difference into the CloudTarget',
      'lib/pipeline/steps.ts:1 compares with a cloud name: `login.cloud === "aws"`; move the difference into the CloudTarget',
    ]);
  });
});
