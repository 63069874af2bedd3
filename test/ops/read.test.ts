import * as fs from "fs";
import * as path from "path";
import { cut, fsProblem, OpsInputError, readOutput, sameTerraform, show, waves, withDependents } from "../../lib/ops";
import { PLATFORM, stackJson, tempDir, writeOutput } from "./fixture";

describe("readOutput on a cdktf output folder", () => {
  const dir = writeOutput(tempDir("read"), PLATFORM);

  test("reads every stack with its facts, files and dependencies (construct paths mapped to names)", () => {
    const output = readOutput(dir);
    expect(output.kind).toBe("manifest");
    expect(
      output.stacks.map((s) => [s.name, s.cloud, s.region, s.environment, s.resources.length, s.dependsOn]),
    ).toEqual([
      ["network", "aws", "eu-west-1", "dev", 4, []],
      ["cluster", "aws", "eu-west-1", "dev", 2, ["network"]],
      ["apps", "aws", "eu-west-1", "dev", 1, ["cluster"]],
      ["jobs", "aws", "eu-west-1", "dev", 3, ["cluster", "network"]],
      ["dns", "gcp", "europe-west1", "prod", 5, []],
    ]);
    expect(output.stacks[1].resources[0]).toEqual({
      address: "aws_s3_bucket.bucket0",
      type: "aws_s3_bucket",
      name: "bucket0",
      constructPath: "cluster/bucket0/Resource",
    });
    expect(readOutput(".", dir).stacks[0].file).toBe("stacks/network/cdk.tf.json");
  });

  test("reads the committed reference platform", () => {
    const output = readOutput(path.join(__dirname, "..", "..", "terraform"));
    const stacks = output.stacks.map((s) => `${s.name} ${s.cloud} ${s.environment} <- ${s.dependsOn.join(",")}`);
    expect(stacks).toContain("aws-dev aws dev <- ");
    expect(stacks).toContain("aws-dev-addons aws dev <- aws-dev");
    expect(stacks).toContain("aws-prod-workloads aws prod <- aws-prod,aws-prod-addons");
    expect(stacks).toContain("gcp-staging-workloads gcp staging <- gcp-staging,gcp-staging-addons");
    expect(stacks).toContain("gcp-staging-agent gcp staging <- gcp-staging,gcp-staging-addons");
    expect(stacks).toHaveLength(31);
    expect(stacks).toContain("bootstrap-gcp-acme-platform-dev gcp bootstrap <- ");
    // The repository's governance stack has no cloud and no environment: only the github provider.
    expect(stacks).toContain("github-governance undefined undefined <- ");
  });
});

describe("waves", () => {
  const node = (name: string, ...dependsOn: string[]) => ({ name, dependsOn });

  test("put each stack one wave after its last dependency, names sorted in a wave", () => {
    expect(waves(PLATFORM.map((s) => node(s.name, ...(s.dependsOn ?? []))))).toEqual([
      ["dns", "network"],
      ["cluster"],
      ["apps", "jobs"],
    ]);
    expect(waves([])).toEqual([]);
  });

  test("a cycle is an input error naming the stacks on it", () => {
    const cyclic = [node("a"), node("b", "a", "d"), node("c", "b"), node("d", "c"), node("e", "d")];
    expect(() => waves(cyclic)).toThrow(
      new OpsInputError(
        "the stacks depend on each other in a cycle: b -> d -> c -> b; remove one of these dependencies.",
      ),
    );
    expect(() => waves([node("a", "a")])).toThrow("cycle: a -> a;");
  });

  test("an unknown dependency is an input error", () => {
    expect(() => waves([node("a", "ghost")])).toThrow("stack a depends on ghost, which is not a stack here.");
  });

  test("withDependents follows dependents transitively", () => {
    const nodes = PLATFORM.map((s) => node(s.name, ...(s.dependsOn ?? [])));
    expect([...withDependents(nodes, ["network"])].sort()).toEqual(["apps", "cluster", "jobs", "network"]);
    expect([...withDependents(nodes, ["apps"])]).toEqual(["apps"]);
  });
});

describe("bad input is one clear line", () => {
  const write = (files: Record<string, string>) => {
    const dir = tempDir("bad");
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    return dir;
  };
  const stack = JSON.stringify(stackJson({ name: "a" }));
  const entry = (deps: string[] = []) => ({ synthesizedStackPath: "stacks/a/cdk.tf.json", dependencies: deps });

  test.each([
    ["a folder with no Terraform JSON", {}, "no Terraform JSON found; expected a cdktf output folder"],
    ["a malformed manifest", { "manifest.json": "{ nope" }, "manifest.json: is not valid JSON ("],
    ["a manifest with no stacks", { "manifest.json": '{"version":"0.21.0"}' }, 'manifest.json: has no "stacks" object'],
    [
      "a manifest pointing at a missing file",
      { "manifest.json": JSON.stringify({ stacks: { a: entry() } }) },
      "manifest.json: stack a points at stacks/a/cdk.tf.json, which does not exist; run cdktf synth again.",
    ],
    [
      "a dependency on no stack",
      { "manifest.json": JSON.stringify({ stacks: { a: entry(["b"]) } }), "stacks/a/cdk.tf.json": stack },
      "manifest.json: stack a depends on b, which is not a stack in the manifest.",
    ],
    [
      "dependencies that are not a list",
      {
        "manifest.json": JSON.stringify({ stacks: { a: { ...entry(), dependencies: "b" } } }),
        "stacks/a/cdk.tf.json": stack,
      },
      'manifest.json: stack a has "dependencies" that are not a list of stack paths.',
    ],
    [
      "a UTF-8 byte order mark (Terraform rejects it)",
      { "main.tf.json": `\ufeff${stack}` },
      "main.tf.json: starts with a UTF-8 byte order mark, which Terraform rejects; save the file as UTF-8 without a BOM.",
    ],
    [
      "JSON nested 10,000 levels deep",
      { "main.tf.json": `{"locals":{"x":${"[".repeat(10000)}${"]".repeat(10000)}}}` },
      "main.tf.json: nests deeper than 256 levels; Terraform JSON is never that deep",
    ],
    ["a JSON value that is not an object", { "main.tf.json": "[1]" }, "main.tf.json: is not a Terraform JSON object."],
  ])("%s", (_what, files, message) => {
    const dir = write(files as Record<string, string>);
    let error: unknown;
    try {
      readOutput(".", dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OpsInputError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain("\n");
  });

  test("a symbolic link loop is named, not an unexpected error", () => {
    const dir = tempDir("loop");
    fs.symlinkSync(path.join(dir, "b"), path.join(dir, "a"));
    fs.symlinkSync(path.join(dir, "a"), path.join(dir, "b"));
    expect(() => readOutput("a", dir)).toThrow(
      new OpsInputError("a: is a symbolic link loop; fix or remove the link."),
    );
  });

  test.each([
    ["EACCES", "permission denied; make it readable by this user"],
    ["EPERM", "permission denied; make it readable by this user"],
    ["ELOOP", "is a symbolic link loop; fix or remove the link"],
    ["EISDIR", "is a folder where a file was expected"],
    ["EIO", "cannot be read (EIO)"],
  ])("a file system error %s is named in one line", (code, problem) => {
    expect(fsProblem(Object.assign(new Error("x"), { code }), "stacks/a/cdk.tf.json").message).toBe(
      `stacks/a/cdk.tf.json: ${problem}.`,
    );
  });

  // Root reads any file, so the real case runs only for other users (fsProblem above covers the mapping).
  (process.getuid?.() === 0 ? test.skip : test)("an unreadable file says permission denied", () => {
    const dir = write({ "main.tf.json": stack });
    fs.chmodSync(path.join(dir, "main.tf.json"), 0o000);
    expect(() => readOutput(".", dir)).toThrow("main.tf.json: permission denied; make it readable by this user.");
  });
});

describe("messages show values safely", () => {
  test("a 1 MB value is cut in the middle; NaN and Infinity print as themselves", () => {
    const huge = "x".repeat(1 << 20);
    expect(show(huge)).toBe(`"${"x".repeat(38)}…(1048500 more characters)…${"x".repeat(38)}"`);
    expect(show(huge).length).toBeLessThan(120);
    expect(show(NaN)).toBe("NaN");
    expect(show({ size: NaN, max: -Infinity })).toBe('{"size":NaN,"max":-Infinity}');
    expect(show(undefined)).toBe("undefined");
    expect(cut("short", 10)).toBe("short");
  });
});

describe("sameTerraform", () => {
  test("ignores key order and cdktf's // metadata, not values or array order", () => {
    expect(sameTerraform({ a: 1, b: [1, 2], "//": { x: 1 } }, { b: [1, 2], a: 1, "//": { x: 2 } })).toBe(true);
    expect(sameTerraform({ r: { "//": { path: "a" }, v: 1 } }, { r: { v: 1 } })).toBe(true);
    expect(sameTerraform({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameTerraform({ a: 1 }, { a: "1" })).toBe(false);
    expect(sameTerraform({ a: 1 }, { a: 1, b: null })).toBe(false);
  });
});
