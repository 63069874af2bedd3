import * as fs from "fs";
import * as path from "path";
import { PLATFORM, tempDir, writeOutput } from "../ops/fixture";
import { cli } from "./helpers";

const dir = writeOutput(tempDir("cli"), PLATFORM);
const run = (...args: string[]) => cli(args, { cwd: dir });

describe("landform stacks", () => {
  test("text: one row per stack in wave order, a summary, exit 0", () => {
    const r = run("stacks", ".");
    expect(r).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "STACK    CLOUD  REGION        ENVIRONMENT  RESOURCES  WAVE  DEPENDS ON",
        "dns      gcp    europe-west1  prod                 5     1  -",
        "network  aws    eu-west-1     dev                  4     1  -",
        "cluster  aws    eu-west-1     dev                  2     2  network",
        "apps     aws    eu-west-1     dev                  1     3  cluster",
        "jobs     aws    eu-west-1     dev                  3     3  cluster, network",
        "",
        "5 stacks in 3 waves",
        "",
      ].join("\n"),
    });
  });

  test("json: the documented shape", () => {
    const json = JSON.parse(run("stacks", ".", "--format", "json").stdout);
    expect(json.waves).toEqual([["dns", "network"], ["cluster"], ["apps", "jobs"]]);
    expect(json.stacks[3]).toEqual({
      name: "apps",
      cloud: "aws",
      region: "eu-west-1",
      environment: "dev",
      resources: 1,
      dependsOn: ["cluster"],
      wave: 3,
    });
  });

  test("the default folder is the output named in ./cdktf.json", () => {
    const project = tempDir("project");
    fs.mkdirSync(path.join(project, "out"));
    writeOutput(path.join(project, "out"), PLATFORM);
    fs.writeFileSync(path.join(project, "cdktf.json"), JSON.stringify({ app: "x", output: "out" }));
    expect(cli(["stacks", "--format", "json"], { cwd: project }).stdout).toBe(
      run("stacks", ".", "--format", "json").stdout,
    );
    expect(cli(["stacks"], { cwd: tempDir("none") })).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "landform: no folder given and no ./cdktf.json to name one; give the synthesized output folder, e.g. terraform or cdktf.out.\n",
    });
  });

  test.each([
    [
      { output: 5 },
      'cdktf.json: output 5 is not a folder name; set it to the synthesized output folder, e.g. "cdktf.out".',
    ],
    [
      { output: "" },
      'cdktf.json: output "" is not a folder name; set it to the synthesized output folder, e.g. "cdktf.out".',
    ],
    [[], "cdktf.json: is not a JSON object; give the synthesized output folder as an argument, or fix cdktf.json."],
  ])("a ./cdktf.json of %j: one line naming the field, exit 2", (json, message) => {
    const project = tempDir("bad-cdktf");
    fs.writeFileSync(path.join(project, "cdktf.json"), JSON.stringify(json));
    expect(cli(["stacks"], { cwd: project })).toEqual({ code: 2, stdout: "", stderr: `landform: ${message}\n` });
  });

  test("the header is bold on a TTY only, and never with NO_COLOR", () => {
    expect(cli(["stacks", "."], { cwd: dir, tty: true }).stdout).toMatch(/^\u001b\[1mSTACK/);
    expect(cli(["stacks", "."], { cwd: dir, tty: true, env: { NO_COLOR: "1" } }).stdout).not.toContain("\u001b[");
  });
});

describe("landform graph", () => {
  test("mermaid: stacks grouped by environment, labelled, arrows in apply order", () => {
    expect(run("graph", ".").stdout).toBe(
      [
        "flowchart LR",
        '  subgraph env0["dev"]',
        '    s3["apps<br/>aws, 1 resource"]',
        '    s2["cluster<br/>aws, 2 resources"]',
        '    s4["jobs<br/>aws, 3 resources"]',
        '    s1["network<br/>aws, 4 resources"]',
        "  end",
        '  subgraph env1["prod"]',
        '    s0["dns<br/>gcp, 5 resources"]',
        "  end",
        "  s2 --> s3",
        "  s2 --> s4",
        "  s1 --> s2",
        "  s1 --> s4",
        "",
      ].join("\n"),
    );
  });

  test("dot: clusters per environment and quoted names", () => {
    const out = run("graph", ".", "--format", "dot").stdout;
    expect(out).toMatch(/^digraph stacks \{\n  rankdir=LR;\n/);
    expect(out).toContain(
      '  subgraph cluster_1 {\n    label="prod";\n    "dns" [label="dns\\ngcp, 5 resources"];\n  }',
    );
    expect(out).toContain('  "network" -> "jobs";\n}\n');
  });

  test("json: stacks, edges and waves", () => {
    const json = JSON.parse(run("graph", ".", "--format", "json").stdout);
    expect(json.edges).toEqual([
      { stack: "cluster", dependsOn: "network" },
      { stack: "apps", dependsOn: "cluster" },
      { stack: "jobs", dependsOn: "cluster" },
      { stack: "jobs", dependsOn: "network" },
    ]);
    expect(json.stacks[0]).toEqual({ name: "dns", cloud: "gcp", environment: "prod", resources: 5, wave: 1 });
  });

  test("names that would break a Mermaid label are escaped", () => {
    const odd = writeOutput(tempDir("odd"), [{ name: 'a"b<c>' }]);
    expect(cli(["graph", "."], { cwd: odd }).stdout).toContain('s0["a#34;b#60;c#62;<br/>aws, 3 resources"]');
  });
});

describe("bad input to stacks and graph: one line, exit 2", () => {
  const manifest = (stacks: object) => {
    const d = tempDir("bad");
    fs.writeFileSync(path.join(d, "manifest.json"), JSON.stringify({ stacks }));
    return d;
  };
  const cyclic = writeOutput(tempDir("cycle"), [
    { name: "a", dependsOn: ["b"] },
    { name: "b", dependsOn: ["a"] },
  ]);

  test.each([
    [["stacks", "nowhere"], "nowhere: no such file or folder."],
    [["graph", tempDir("empty")], "no Terraform JSON found; expected a cdktf output folder"],
    [["stacks", manifest({ a: { synthesizedStackPath: "stacks/a/cdk.tf.json" } })], "stack a points at"],
    [["graph", cyclic], "the stacks depend on each other in a cycle: a -> b -> a; remove one of these dependencies."],
  ])("%j", (args, message) => {
    const r = cli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
    expect(r.stderr.split("\n")).toHaveLength(2);
  });

  test("a malformed manifest names the file and the JSON error", () => {
    const d = tempDir("malformed");
    fs.writeFileSync(path.join(d, "manifest.json"), '{"stacks": ');
    expect(cli(["stacks", "."], { cwd: d }).stderr).toMatch(/^landform: manifest\.json: is not valid JSON \(.+\)\.\n$/);
  });

  test("a huge --format value is cut, not echoed whole", () => {
    const r = run("stacks", ".", "--format", "y".repeat(1 << 20));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^landform: --format "y+…\(1048500 more characters\)…y+" is not one of text, json; see "landform stacks --help"\.\n$/,
    );
  });
});
