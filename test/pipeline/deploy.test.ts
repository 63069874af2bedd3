import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { GitHubPipeline } from "../../lib/pipeline";
import { commitAll, git as gitIn, tempDir } from "../ops/fixture";
import { BASE_PROPS, generate, GRAPH, writeRepo } from "./fixture";

type StepData = { name: string; id?: string; if?: string; uses?: string; run?: string; env?: Record<string, string> };
type JobData = {
  name: string;
  needs?: string[];
  if?: string;
  environment?: { name: string };
  permissions: Record<string, string>;
  "timeout-minutes": number;
  outputs?: Record<string, string>;
  steps: StepData[];
};
const deploy = (props = {}) =>
  parse(generate(props).workflows.find((w) => w.path.endsWith("deploy.yml"))!.text) as {
    concurrency: unknown;
    jobs: Record<string, JobData>;
  };

describe("deploy: reviewed is applied", () => {
  const wf = deploy();
  const { jobs } = wf;

  test("each stack is planned once without approval, then applied in its environment from that plan", () => {
    expect(Object.keys(jobs)).toEqual([
      "affected",
      "plan-network",
      "apply-network",
      "plan-cluster",
      "apply-cluster",
      "plan-apps",
      "apply-apps",
      "plan-jobs",
      "apply-jobs",
      "plan-dns",
      "apply-dns",
      "record",
    ]);
    expect(jobs["plan-network"].environment).toBeUndefined();
    expect(jobs["apply-network"].environment).toEqual({ name: "dev" });
    expect(jobs["apply-network"].if).toContain("needs.plan-network.outputs.digest != ''");
    const applyRuns = jobs["apply-network"].steps.map((s) => s.run ?? "").join("\n");
    expect(applyRuns).not.toMatch(/terraform plan|landform/);
    expect(jobs["apply-network"].steps.map((s) => s.name)).toEqual([
      "Check out",
      "Set up Terraform 1.11.0",
      "Assume the apply role",
      "Still the trunk head",
      "Download the reviewed plan",
      "Open the reviewed plan",
      "Terraform init",
      "Terraform apply",
    ]);
    expect(jobs["plan-network"].steps.map((s) => s.name).slice(-6)).toEqual([
      "Still the trunk head",
      "Terraform init",
      "Terraform plan",
      "Review the plan",
      "Seal the plan",
      "Keep the sealed plan for the apply",
    ]);
  });

  test("the plan is made with the plan identity, without a lock; the apply waits 10 minutes for one", () => {
    const login = jobs["plan-network"].steps.find((s) => s.name === "Assume the plan role");
    expect(login).toBeDefined();
    const plan = jobs["plan-network"].steps.find((s) => s.name === "Terraform plan")!;
    expect(plan.run).toContain("terraform plan -input=false -lock=false -detailed-exitcode -out=tfplan");
    const apply = jobs["apply-network"].steps.find((s) => s.name === "Terraform apply")!;
    expect(apply.run).toContain("terraform apply -input=false -lock-timeout=10m tfplan");
  });

  test("the sealed plan is kept 30 days, overwritten on a re-run, and the key is an environment secret", () => {
    const keep = jobs["plan-network"].steps.find((s) => s.name === "Keep the sealed plan for the apply")!;
    expect(keep).toMatchObject({ with: { name: "landform-plan-network", "retention-days": 30, overwrite: true } });
    for (const [id, job] of Object.entries(jobs)) {
      const text = JSON.stringify(job);
      if (text.includes("secrets.")) {
        expect([id, job.environment]).toEqual([id, expect.objectContaining({ name: expect.any(String) })]);
        expect(text.match(/secrets\.[A-Z_]+/g)).toEqual(["secrets.LANDFORM_PLAN_PRIVATE_KEY"]);
      }
    }
    expect(JSON.stringify(jobs["plan-network"])).toContain("vars.LANDFORM_PLAN_PUBLIC_KEY");
  });

  test("an older commit never applies after a newer one: one queued run at a time, and a head check before plan and apply", () => {
    expect(wf.concurrency).toEqual({ group: "landform-deploy", "cancel-in-progress": false, queue: "max" });
    for (const id of ["plan-network", "apply-network"]) {
      const steps = jobs[id].steps;
      const head = steps.findIndex((s) => s.id === "head");
      expect(steps[head].run).toContain('if [ "$head" = "$GITHUB_SHA" ]');
      expect(steps[head].env).toEqual({ TRUNK: "main", GH_TOKEN: "${{ github.token }}" });
      // Everything after the head check that touches Terraform or the plan runs only at the head.
      for (const s of steps.slice(head + 1)) expect(s.if).toContain("steps.head.outputs.current == 'true'");
    }
  });

  test("environments are promoted in order: prod's applies need every dev apply of the same run", () => {
    expect(jobs["apply-dns"].needs).toEqual([
      "affected",
      "plan-dns",
      "apply-network",
      "apply-cluster",
      "apply-apps",
      "apply-jobs",
    ]);
    // A stack's plan waits only for the stacks it reads (their applies), not for other environments.
    expect(jobs["plan-dns"].needs).toEqual(["affected"]);
    expect(jobs["apply-dns"].if).toContain("!contains(needs.*.result, 'failure')");
  });

  test("a declared promotion order is followed", () => {
    const reversed = deploy({ promotion: ["prod", "dev"] }).jobs;
    expect(Object.keys(reversed).slice(1, 3)).toEqual(["plan-dns", "apply-dns"]);
    expect(reversed["apply-network"].needs).toEqual(["affected", "plan-network", "apply-dns"]);
    expect(reversed["apply-dns"].needs).toEqual(["affected", "plan-dns"]);
  });

  test("a promotion that would apply a dependency after its dependent is refused", () => {
    const stacks = GRAPH.map((s) => (s.name === "jobs" ? { ...s, dependsOn: [...(s.dependsOn ?? []), "dns"] } : s));
    expect(() => generate({ promotion: ["dev", "prod"] }, stacks)).toThrow(
      'promotion ["dev","prod"] applies dev before prod, but stack jobs (dev) depends on dns (prod); list prod before dev, or remove the dependency.',
    );
    expect(deploy({ promotion: ["prod", "dev"] }).jobs["apply-jobs"].needs).toContain("apply-dns");
  });

  test("timeouts are sized for a first apply; Terraform is interrupted 20 minutes before, to unlock", () => {
    expect(jobs["apply-network"]["timeout-minutes"]).toBe(180);
    const apply = jobs["apply-network"].steps.find((s) => s.name === "Terraform apply")!;
    expect(apply.run).toContain("timeout --signal=INT --kill-after=10m 160m terraform apply");
    const longer = deploy({ applyTimeoutMinutes: 300 }).jobs["apply-network"];
    expect(longer["timeout-minutes"]).toBe(300);
    expect(longer.steps.find((s) => s.name === "Terraform apply")!.run).toContain("280m terraform apply");
  });

  test("affected is counted from each stack's last applied commit; only the record job can write, and runs no code", () => {
    const list = jobs.affected.steps.find((s) => s.id === "affected")!;
    expect(list.run).toContain("npx landform affected terraform --stack-base 'landform/applied/{stack}' --format json");
    expect(list.run).not.toContain("github.event.before");
    for (const [id, job] of Object.entries(jobs))
      expect([id, job.permissions.contents]).toEqual([id, id === "record" ? "write" : "read"]);
    const record = jobs.record;
    expect(record.needs).toEqual(Object.keys(jobs).filter((j) => j !== "record"));
    expect(record.if).toBe("!cancelled() && needs.affected.result == 'success'");
    expect(record.steps.every((s) => s.uses === undefined)).toBe(true);
    expect(record.steps[0].env?.APPLIED).toContain(
      "${{ needs.plan-network.outputs.applied }} ${{ needs.apply-network.outputs.applied }}",
    );
    expect(record.steps[0].run).toContain('"$api/tags/landform/applied/$stack"');
    expect(jobs["plan-network"].outputs?.applied).toBe(
      "${{ steps.plan.outputs.changes == 'false' && 'network' || '' }}",
    );
  });

  test("a stack applied once and gone from the code stops the deploy, naming it and the fix", () => {
    const script = jobs.affected.steps.find((s) => s.id === "affected")!.run!;
    const lines = script.split("\n");
    const from = lines.findIndex((l) => l.startsWith("removed=$("));
    const guard = lines.slice(from, lines.indexOf("fi", from) + 1).join("\n");
    const temp = tempDir("deploy-removed");
    const affected = (changed: object[]) =>
      fs.writeFileSync(path.join(temp, "affected.json"), JSON.stringify({ changed, affected: [] }));
    const run = () =>
      spawnSync("bash", ["-e", "-c", guard], { encoding: "utf8", env: { PATH: process.env.PATH, RUNNER_TEMP: temp } });
    affected([
      { name: "apps", change: "removed" },
      { name: "jobs", change: "modified" },
    ]);
    const removed = run();
    expect(removed.status).toBe(1);
    expect(removed.stdout).toBe(
      "::error title=Stack removed::apps was applied (tag landform/applied/apps) but is gone from the code: its infrastructure and state would be orphaned. Destroy it from the commit the tag names, then delete the tag: git push origin :refs/tags/landform/applied/apps (docs/cli/pipeline.md, Removing a stack)\n",
    );
    affected([{ name: "jobs", change: "modified" }]);
    expect(run().status).toBe(0);
  });

  test("the affected step, run for real: from each stack's tag, nothing when superseded, everything by hand", () => {
    const cli = path.resolve(__dirname, "../../bin/landform.js");
    const script = deploy({ commands: { landform: `node ${cli}` } }).jobs.affected.steps.find(
      (s) => s.id === "affected",
    )!;
    const repo = writeRepo(GRAPH);
    const git = (...args: string[]) => gitIn(repo, ...args).trim();
    git("init", "-q", "-b", "main");
    const c1 = commitAll(repo, "platform");
    for (const stack of ["network", "cluster", "apps", "jobs", "dns"]) git("tag", `landform/applied/${stack}`, c1);
    const file = path.join(repo, "terraform/stacks/cluster/cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    json.provider.aws[0].default_tags[0].tags.revision = "9";
    fs.writeFileSync(file, JSON.stringify(json));
    const c2 = commitAll(repo, "cluster change");
    // Tags may name different commits: each stack is compared from its own.
    git("tag", "-f", "landform/applied/network", c2);
    const bin = tempDir("fake-curl");
    fs.writeFileSync(path.join(bin, "curl"), '#!/bin/sh\nprintf %s "$FAKE_HEAD"\n', { mode: 0o755 });
    const run = (sha: string, event = "push") => {
      const temp = tempDir("deploy-affected");
      const output = path.join(temp, "output");
      const env = Object.fromEntries(
        Object.entries(script.env!).map(([k, v]) => [k, v.startsWith("${{") ? (k === "EVENT" ? event : "token") : v]),
      );
      const result = spawnSync("bash", ["-e", "-c", script.run!], {
        cwd: repo,
        encoding: "utf8",
        env: {
          ...env,
          PATH: `${bin}:${process.env.PATH}`,
          HOME: process.env.HOME,
          RUNNER_TEMP: temp,
          GITHUB_OUTPUT: output,
          GITHUB_SHA: sha,
          FAKE_HEAD: c2,
          GITHUB_API_URL: "https://api.github.invalid",
          GITHUB_REPOSITORY: "acme/platform",
        },
      });
      expect(result.stderr).toBe("");
      return { status: result.status, stdout: result.stdout, output: fs.readFileSync(output, "utf8") };
    };
    expect(run(c2)).toEqual({ status: 0, stdout: "", output: 'stacks=["cluster","apps","jobs"]\n' });
    const superseded = run(c1);
    expect(superseded.output).toBe("stacks=[]\n");
    expect(superseded.stdout).toContain(`::notice title=Superseded::${c1} is no longer the head of main (${c2})`);
    expect(run(c2, "workflow_dispatch").output).toBe(`stacks=${JSON.stringify(JSON.parse(script.env!.ALL))}\n`);
  });

  test("the record step, run for real: moves an existing tag, creates a missing one, skips empty outputs", () => {
    const step = jobs.record.steps[0];
    const bin = tempDir("fake-api");
    const log = path.join(bin, "calls");
    // The API answers 422 to an update of a reference that does not exist: here, dns's.
    fs.writeFileSync(
      path.join(bin, "curl"),
      `#!/bin/sh\necho "$*" >> "${log}"\ncase "$*" in *PATCH*applied/dns*) exit 22;; esac\n`,
      { mode: 0o755 },
    );
    const result = spawnSync("bash", ["-e", "-c", step.run!], {
      encoding: "utf8",
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        // As the expressions evaluate when network was applied, dns planned no change, the rest were skipped.
        APPLIED: "  network  dns    ",
        GH_TOKEN: "t",
        GITHUB_SHA: "abc123",
        GITHUB_API_URL: "https://api.github.invalid",
        GITHUB_REPOSITORY: "acme/platform",
        GITHUB_STEP_SUMMARY: path.join(bin, "summary"),
      },
    });
    expect(result.status).toBe(0);
    const calls = fs.readFileSync(log, "utf8").trim().split("\n");
    expect(calls.map((c) => c.replace(/ -H .*? https/, " https"))).toEqual([
      '-fsS -o /dev/null -X PATCH https://api.github.invalid/repos/acme/platform/git/refs/tags/landform/applied/network -d {"sha":"abc123","force":true}',
      '-fsS -o /dev/null -X PATCH https://api.github.invalid/repos/acme/platform/git/refs/tags/landform/applied/dns -d {"sha":"abc123","force":true}',
      '-fsS -o /dev/null -X POST https://api.github.invalid/repos/acme/platform/git/refs -d {"ref":"refs/tags/landform/applied/dns","sha":"abc123"}',
    ]);
    expect(calls.every((c) => c.includes("-H Authorization: Bearer t -H Accept: application/vnd.github+json"))).toBe(
      true,
    );
  });

  test("the pull request comment calls out removed stacks", () => {
    const pr = parse(generate().workflows[0].text).jobs.affected.steps as StepData[];
    const names = pr.map((s) => s.name);
    expect(names.indexOf("Call out removed stacks")).toBe(names.indexOf("Summarize") + 1);
    const temp = tempDir("pr-removed");
    fs.mkdirSync(path.join(temp, "review"));
    fs.writeFileSync(
      path.join(temp, "affected.json"),
      JSON.stringify({ changed: [{ name: "apps", change: "removed" }], affected: [] }),
    );
    const result = spawnSync("bash", ["-e", "-c", pr.find((s) => s.name === "Call out removed stacks")!.run!], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, RUNNER_TEMP: temp },
    });
    expect(result.status).toBe(0);
    expect(fs.readFileSync(path.join(temp, "review", "0-summary.md"), "utf8")).toContain(
      "> Removed from the code: apps. No job destroys a removed stack",
    );
  });
});

describe("deploy declaration props", () => {
  test.each([
    [
      { promotion: ["dev"] },
      `promotion ["dev"] leaves out prod; list every environment once, in the order a commit reaches them, e.g. ["dev","prod"].`,
    ],
    [{ promotion: ["dev", "qa", "prod"] }, `promotion "qa" is not an environment of the pipeline; use dev, prod.`],
    [{ promotion: ["dev", "prod", "dev"] }, `promotion "dev" is listed twice; list each environment once.`],
    [{ promotion: "dev" }, `promotion "dev" is not a list of environment names`],
    [{ applyTimeoutMinutes: 20 }, "applyTimeoutMinutes 20 is not a whole number of minutes from 30 to 360"],
    [{ applyTimeoutMinutes: 400 }, "applyTimeoutMinutes 400 is not a whole number of minutes from 30 to 360"],
  ])("%j is refused", (props, message) => {
    expect(() => new GitHubPipeline({ ...BASE_PROPS, ...(props as object) })).toThrow(message);
  });

  test("the default promotion is the order the declaration names the environments", () => {
    expect(new GitHubPipeline(BASE_PROPS).spec.promotion).toEqual(["dev", "prod"]);
    expect(
      new GitHubPipeline({
        repository: "acme/platform",
        gcp: {
          staging: { project: "acme-staging", projectNumber: "100000000002" },
          prod: { project: "acme-prod", projectNumber: "100000000003" },
        },
        aws: { dev: { account: "111111111111" }, staging: { account: "111111111111" } },
      }).spec.promotion,
    ).toEqual(["dev", "staging", "prod"]);
  });
});
