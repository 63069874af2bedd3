import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { readOutput } from "../../lib/ops/read";
import { GitHubPipeline, PrivateRunner } from "../../lib/pipeline";
import { generateWorkflows } from "../../lib/pipeline/generate";
import { BASE_PROPS, generate, GRAPH, writeRepo } from "./fixture";
import { tempDir } from "../ops/fixture";

type Jobs = Record<string, { steps: Record<string, unknown>[] } & Record<string, unknown>>;
const jobsOf = (text: string) => (parse(text) as { jobs: Jobs }).jobs;
const byKind = (result: ReturnType<typeof generate>, kind: string) =>
  result.workflows.find((w) => w.path.endsWith(`landform-${kind}.yml`))!.text;
const runs = (job: { steps: Record<string, unknown>[] }) => job.steps.map((s) => s.run ?? "").join("\n");

const ROOT = path.join(__dirname, "..", "..");
const COMMITTED = (kind: string) => fs.readFileSync(path.join(ROOT, `.github/workflows/landform-${kind}.yml`), "utf8");

describe("re-runs and SARIF (pipelines-review B8, B4)", () => {
  const result = generate();

  test("every upload-artifact step overwrites: a re-run's upload under the same name is not a 409", () => {
    const uploads = result.workflows.flatMap((w) =>
      Object.values(jobsOf(w.text)).flatMap((j) =>
        j.steps.filter((s) => String(s.uses).startsWith("actions/upload-artifact@")),
      ),
    );
    expect(uploads.length).toBeGreaterThan(3);
    for (const u of uploads) expect((u.with as Record<string, unknown>).overwrite).toBe(true);
  });

  test("drift uploads one SARIF per stack, each under its own category; the issue step runs after a failed upload", () => {
    const report = jobsOf(byKind(result, "drift")).report;
    const sarif = report.steps.filter((s) => String(s.uses).startsWith("github/codeql-action/upload-sarif@"));
    expect(sarif.map((s) => s.with)).toEqual(
      ["dns", "network", "cluster", "apps", "jobs"].map((n) => ({
        sarif_file: `drift/${n}.sarif`,
        category: `landform-drift/${n}`,
      })),
    );
    for (const s of sarif)
      expect(s.if).toMatch(/^\$\{\{ !cancelled\(\) && hashFiles\('drift\/[a-z]+\.sarif'\) != '' \}\}$/);
    expect(report.steps.find((s) => s.name === "One issue per drifted stack")?.if).toBe("${{ !cancelled() }}");
  });
});

describe("drift is decided by landform drift, with the ignore file (pipelines-review C5)", () => {
  test("the scan keeps no exit code; the report writes JSON, markdown and SARIF with --ignore", () => {
    const root = writeRepo(GRAPH);
    fs.writeFileSync(path.join(root, "drift-ignore.yaml"), "ignores: []\n");
    const pipeline = new GitHubPipeline({
      ...BASE_PROPS,
      privateStacks: { apps: PrivateRunner.selfHosted(["self-hosted", "vpc-{environment}"]) },
      driftIgnore: "drift-ignore.yaml",
    });
    const result = generateWorkflows(pipeline, readOutput("terraform", root).stacks, {
      output: "terraform",
      cwd: root,
    });
    const scan = runs(jobsOf(byKind(result, "drift"))["drift-network"]);
    expect(scan).not.toContain("-detailed-exitcode");
    // A normal plan: drift outside Terraform and code no apply deployed (source "pending").
    expect(scan).toContain("terraform plan -input=false -lock=false -out=tfplan");
    expect(scan).not.toContain("-refresh-only");
    for (const format of ["json", "markdown", "sarif"])
      expect(scan).toContain(
        `npx landform drift "$RUNNER_TEMP/network.plan.json" --stacks terraform --ignore drift-ignore.yaml --format ${format}`,
      );
    expect(scan).toContain('if [ "$code" -gt 1 ]; then exit "$code"; fi');
  });

  test("a declared ignore file that is not there fails generation", () => {
    expect(() => generate({ driftIgnore: "nope.yaml" })).toThrow(
      'driftIgnore "nope.yaml" is not a file of the repository; create it (accepting no drift is "ignores: []", see docs/drift.md) or fix the path.',
    );
  });
});

/** The issue script of the drift report, run with stand-ins for github-script's globals. */
async function runIssueScript(reports: Record<string, { drifted: number } | "missing">, open: string[]) {
  const dir = tempDir("drift-issues");
  fs.mkdirSync(path.join(dir, "drift"));
  for (const [stack, r] of Object.entries(reports)) {
    if (r === "missing") continue;
    fs.writeFileSync(path.join(dir, "drift", `${stack}.md`), `report of ${stack}`);
    fs.writeFileSync(path.join(dir, "drift", `${stack}.json`), JSON.stringify({ summary: { drifted: r.drifted } }));
  }
  const step = jobsOf(COMMITTED("drift")).report.steps.find((s) => s.name === "One issue per drifted stack")!;
  const env = step.env as Record<string, string>;
  const stacks = Object.keys(reports).map((stack) => ({ stack, job: `drift-${stack}` }));
  const needs = Object.fromEntries(
    stacks.map((s) => [s.job, { result: reports[s.stack] === "missing" ? "failure" : "success" }]),
  );
  expect(env.NEEDS).toBe("${{ toJSON(needs) }}");
  const calls: string[] = [];
  const issues = {
    listForRepo: "listForRepo",
    create: async (a: { title: string }) => void calls.push(`create ${a.title}`),
    update: async (a: { issue_number: number; state?: string }) =>
      void calls.push(`${a.state === "closed" ? "close" : "update"} #${a.issue_number}`),
    createComment: async () => undefined,
  };
  const github = {
    rest: { issues },
    paginate: async () => open.map((title, i) => ({ title, number: i + 1 })),
  };
  const failed: string[] = [];
  const fsIn = {
    existsSync: (p: string) => fs.existsSync(path.join(dir, p)),
    readFileSync: (p: string, e: BufferEncoding) => fs.readFileSync(path.join(dir, p), e),
  };
  const script = (step.with as Record<string, string>).script;
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
  await new AsyncFunction("require", "process", "github", "context", "core", script)(
    () => fsIn,
    { env: { STACKS: JSON.stringify(stacks), NEEDS: JSON.stringify(needs) } },
    github,
    { repo: { owner: "acme", repo: "platform" } },
    { setFailed: (m: string) => failed.push(m) },
  );
  return { calls, failed };
}

test("the committed drift workflow opens, updates and closes issues from landform drift's count", async () => {
  const { calls, failed } = await runIssueScript(
    { "aws-dev": { drifted: 2 }, "aws-prod": { drifted: 1 }, "gcp-dev": { drifted: 0 }, "gcp-prod": "missing" },
    ["Drift in stack aws-prod", "Drift in stack gcp-dev"],
  );
  expect(calls).toEqual(["create Drift in stack aws-dev", "update #1", "close #2"]);
  expect(failed).toEqual(["no drift report for gcp-prod; see their jobs"]);
});

describe("runners (pipelines-review S4, B6; terraform-apply-review-2 N7)", () => {
  test("an environment that needs approval may not plan on the runners that apply it", () => {
    expect(() =>
      generate({
        approvals: ["dev"],
        privateStacks: { apps: PrivateRunner.selfHosted(["self-hosted", "vpc-{environment}"]) },
      }),
    ).toThrow(
      'privateStacks.apps ["self-hosted","vpc-{environment}"] plans stack apps (environment dev, which needs approval) on the runners that apply it (self-hosted, vpc-dev), so any pull request could run code on them; give PrivateRunner.selfHosted planLabels with a label the apply runners lack',
    );
    // A subset of the apply labels selects the apply runners too.
    expect(() =>
      generate({
        approvals: ["dev"],
        privateStacks: {
          apps: PrivateRunner.selfHosted(["self-hosted", "vpc-{environment}"], { planLabels: ["self-hosted"] }),
        },
      }),
    ).toThrow("plans stack apps (environment dev, which needs approval) on the runners that apply it");
  });

  test("plan labels take pull request plans and drift scans; applies keep theirs", () => {
    const result = generate({
      approvals: ["dev"],
      privateStacks: {
        apps: PrivateRunner.selfHosted(["self-hosted", "vpc-{environment}"], {
          planLabels: ["self-hosted", "vpc-{environment}-plan"],
          queueMinutes: 20,
        }),
      },
    });
    expect(jobsOf(byKind(result, "pull-request"))["plan-apps"]["runs-on"]).toEqual(["self-hosted", "vpc-dev-plan"]);
    expect(jobsOf(byKind(result, "drift"))["drift-apps"]["runs-on"]).toEqual(["self-hosted", "vpc-dev-plan"]);
    expect(jobsOf(byKind(result, "deploy"))["apply-apps"]["runs-on"]).toEqual(["self-hosted", "vpc-dev"]);
    const watchdog = jobsOf(byKind(result, "pull-request"))["runner-watchdog"];
    expect(watchdog.permissions).toEqual({ actions: "write" });
    expect(JSON.parse((watchdog.steps[0].env as Record<string, string>).WAITS)).toEqual([
      {
        job: "plan apps",
        stack: "apps",
        labels: ["self-hosted", "vpc-dev-plan"],
        minutes: 20,
        after: ["affected stacks", "plan cluster"],
      },
    ]);
  });

  test("provides: each self-hosted job records what its runner provides; a command it lacks fails generation", () => {
    const runner = (provides: string[]) => PrivateRunner.selfHosted(["self-hosted", "vpc-{environment}"], { provides });
    const graph = GRAPH.map((s) => (s.name === "apps" ? { ...s, exec: "aws" } : s));
    const result = generate({ privateStacks: { apps: runner(["kubectl", "aws"]) } }, graph);
    const env = { LANDFORM_RUNNER_PROVIDES: "aws kubectl" };
    expect(jobsOf(byKind(result, "deploy"))["apply-apps"].env).toEqual(env);
    expect(jobsOf(byKind(result, "deploy"))["plan-apps"].env).toEqual(env);
    expect(jobsOf(byKind(result, "pull-request"))["plan-apps"].env).toEqual(env);
    expect(jobsOf(byKind(result, "drift"))["drift-apps"].env).toEqual(env);
    // hosted jobs and runners that state nothing record nothing
    expect(jobsOf(byKind(result, "deploy"))["apply-cluster"].env).toBeUndefined();
    expect(jobsOf(byKind(generate(), "deploy"))["apply-apps"].env).toBeUndefined();
    expect(() => generate({ privateStacks: { apps: runner(["kubectl"]) } }, graph)).toThrow(
      'privateStacks.apps.provides ["kubectl"] the providers of stack apps exec aws for cluster credentials, which its runners do not provide; install aws on the runners and add it to provides',
    );
    expect(() => generate({ privateStacks: { apps: runner(["aws cli"]) } })).toThrow(
      'privateStacks.apps.provides ["aws cli"] is not a list of command names',
    );
  });

  test("no self-hosted stack, no watchdog", () => {
    const result = generate({ privateStacks: { apps: PrivateRunner.pullAgent("tofu-controller") } });
    for (const w of result.workflows) expect(jobsOf(w.text)["runner-watchdog"]).toBeUndefined();
  });

  test("the reference plans add-ons on the -plan runners, and checks the exec commands of their providers", () => {
    const pr = jobsOf(COMMITTED("pull-request"));
    expect(pr["plan-aws-prod-addons"]["runs-on"]).toEqual(["self-hosted", "linux", "landform-aws-prod-plan"]);
    expect(jobsOf(COMMITTED("deploy"))["apply-aws-prod-addons"]["runs-on"]).toEqual([
      "self-hosted",
      "linux",
      "landform-aws-prod",
    ]);
    const check = (job: string) => pr[job].steps.find((s) => s.name === "Exec credential commands")?.env;
    expect(check("plan-aws-prod-addons")).toEqual({ COMMANDS: "aws", STACK: "aws-prod-addons" });
    expect(check("plan-gcp-dev-addons")).toEqual({ COMMANDS: "gke-gcloud-auth-plugin", STACK: "gcp-dev-addons" });
    expect(check("plan-aws-prod")).toBeUndefined();
    // The deploy's plan and apply jobs check the same commands on their runners.
    const deploy = jobsOf(COMMITTED("deploy"));
    const deployCheck = (job: string) => deploy[job].steps.find((s) => s.name === "Exec credential commands")?.env;
    expect(deployCheck("plan-aws-prod-addons")).toEqual({ COMMANDS: "aws", STACK: "aws-prod-addons" });
    expect(deployCheck("apply-gcp-dev-addons")).toEqual({
      COMMANDS: "gke-gcloud-auth-plugin",
      STACK: "gcp-dev-addons",
    });
    expect(deployCheck("apply-aws-prod")).toBeUndefined();
  });
});

/** The watchdog's script, run against a stand-in jobs API; "sleeps" ends the run of the script at its first wait. */
async function runWatchdog(jobs: { name: string; status: string; minutesAgo: number; endedMinutesAgo?: number }[]) {
  const pr = jobsOf(COMMITTED("pull-request"))["runner-watchdog"];
  const env = { ...(pr.steps[0].env as Record<string, string>), AFFECTED: '["aws-prod-addons"]' };
  const events: string[] = [];
  const now = Date.now();
  const at = (minutes: number | undefined) =>
    minutes === undefined ? null : new Date(now - minutes * 60000).toISOString();
  const github = {
    rest: {
      actions: {
        listJobsForWorkflowRun: "list",
        cancelWorkflowRun: async () => void events.push("cancel"),
      },
    },
    paginate: async () =>
      jobs.map((j) => ({
        name: j.name,
        status: j.status,
        created_at: at(j.minutesAgo),
        completed_at: at(j.endedMinutesAgo),
      })),
  };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor;
  const script = (pr.steps[0].with as Record<string, string>).script;
  try {
    await new AsyncFunction("process", "github", "context", "core", "setTimeout", script)(
      { env },
      github,
      { repo: { owner: "acme", repo: "platform" }, runId: 7 },
      { setFailed: (m: string) => events.push(m) },
      () => {
        throw new Error("sleeps");
      },
    );
  } catch (error) {
    events.push((error as Error).message);
  }
  return events;
}

test("the watchdog cancels a run whose self-hosted job waits too long, naming the labels", async () => {
  const needs = [
    { name: "affected stacks", status: "completed", minutesAgo: 40, endedMinutesAgo: 38 },
    { name: "plan aws-prod", status: "completed", minutesAgo: 38, endedMinutesAgo: 16 },
  ];
  const addons = { name: "plan aws-prod-addons", minutesAgo: 40 };
  expect(await runWatchdog([...needs, { ...addons, status: "queued" }])).toEqual([
    'job "plan aws-prod-addons" waited 16 minutes for a self-hosted runner with the labels self-hosted, linux, landform-aws-prod-plan, and none picked it up: the run is cancelled. Register a runner with these labels (docs/cli/pipeline.md, Runners) or raise queueMinutes.',
    "cancel",
  ]);
  // Started: nothing more to watch.
  expect(await runWatchdog([...needs, { ...addons, status: "in_progress" }])).toEqual([]);
  // Queued since the run began, but the plan it needs ended 5 minutes ago: it has waited 5, so wait on.
  const recent = [needs[0], { ...needs[1], endedMinutesAgo: 5 }, { ...addons, status: "queued" }];
  expect(await runWatchdog(recent)).toEqual(["sleeps"]);
  // A needed job still running: the job is not waiting for a runner yet.
  expect(
    await runWatchdog([needs[0], { ...needs[1], status: "in_progress" }, { ...addons, status: "queued" }]),
  ).toEqual(["sleeps"]);
});

describe("the install builds what the jobs call (pipelines-review B1)", () => {
  test("a CLI in a path the repository does not hold fails generation unless commands.setup builds it", () => {
    expect(() => generate({ commands: { landform: "node dist/bin/landform.js" } })).toThrow(
      'commands.landform "node dist/bin/landform.js" runs dist/bin/landform.js, which is not in the repository, so no job of a fresh clone has it; set commands.setup to the command that builds it (e.g. "npm run build"), or run the CLI with "npx landform".',
    );
    // Built by hand in the developer's checkout but git-ignored: a fresh clone has no such file.
    const root = writeRepo(GRAPH);
    fs.mkdirSync(path.join(root, "dist", "bin"), { recursive: true });
    fs.writeFileSync(path.join(root, "dist", "bin", "landform.js"), "");
    fs.writeFileSync(path.join(root, ".gitignore"), "dist/\n");
    execFileSync("git", ["init", "-q"], { cwd: root });
    const pipeline = new GitHubPipeline({
      ...BASE_PROPS,
      privateStacks: { apps: PrivateRunner.selfHosted(["self-hosted", "vpc-{environment}"]) },
      commands: { landform: "node dist/bin/landform.js" },
    });
    expect(() =>
      generateWorkflows(pipeline, readOutput("terraform", root).stacks, { output: "terraform", cwd: root }),
    ).toThrow("runs dist/bin/landform.js, which git ignores, so no job of a fresh clone has it");
    const result = generate({ commands: { landform: "node dist/bin/landform.js", setup: "npm run build" } });
    const steps = jobsOf(byKind(result, "pull-request")).policy.steps.map((s) => s.name);
    expect(steps.slice(1, 5)).toEqual(["Set up Node", "Install", "Set up", "Workflow policy"]);
  });
});

describe("pull requests", () => {
  const pr = jobsOf(byKind(generate(), "pull-request"));

  test("plans take no state lock (pipelines-review S5/C7)", () => {
    expect(runs(pr["plan-network"])).toContain("terraform plan -input=false -lock=false -out=tfplan");
    expect(runs(pr["plan-network"])).not.toContain("-lock-timeout");
  });

  test("a merge queue runs the checks; a vanished base falls back to the trunk merged onto (C11, C12)", () => {
    const wf = parse(byKind(generate(), "pull-request"));
    expect(wf.on).toEqual({ pull_request: { branches: ["main"] }, merge_group: { types: ["checks_requested"] } });
    expect(wf.concurrency.group).toBe("landform-pr-${{ github.event.pull_request.number || github.ref }}");
    const list = pr.affected.steps.find((s) => s.id === "affected")!;
    expect((list.env as Record<string, string>).BASE).toBe(
      "${{ github.event.pull_request.base.sha || github.event.merge_group.base_sha }}",
    );
    expect(list.run).toContain('BASE="$(git rev-parse HEAD^1)"');
  });

  test("Node 24 by default (C13)", () => {
    expect(pr.test.steps.find((s) => s.name === "Set up Node")?.with).toEqual({ "node-version": "24", cache: "npm" });
  });
});

describe("provider cache (pipelines-review C10)", () => {
  test("a stack with a committed lock file inits read-only against it and caches providers keyed by it", () => {
    const root = writeRepo(GRAPH);
    fs.writeFileSync(path.join(root, "terraform/stacks/network/.terraform.lock.hcl"), "# lock\n");
    const pipeline = new GitHubPipeline({
      ...BASE_PROPS,
      privateStacks: { apps: PrivateRunner.selfHosted(["self-hosted", "vpc-{environment}"]) },
    });
    const result = generateWorkflows(pipeline, readOutput("terraform", root).stacks, {
      output: "terraform",
      cwd: root,
    });
    for (const [kind, job] of [
      ["pull-request", "plan-network"],
      ["drift", "drift-network"],
    ]) {
      const steps = jobsOf(byKind(result, kind))[job].steps;
      const cache = steps.find((s) =>
        String(s.uses).startsWith("actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae"),
      );
      expect(cache?.with).toEqual({
        path: "~/.terraform.d/plugin-cache",
        key: "terraform-providers-${{ runner.os }}-${{ hashFiles('terraform/stacks/network/.terraform.lock.hcl') }}",
      });
      expect(runs({ steps })).toContain("terraform init -input=false -lockfile=readonly");
      // Stacks without a lock file: no cache (Terraform would not use it) and a plain init.
      const other = jobsOf(byKind(result, kind))[job.replace("network", "cluster")];
      expect(other.steps.some((s) => String(s.uses).startsWith("actions/cache@"))).toBe(false);
      expect(runs(other)).not.toContain("-lockfile");
    }
  });
});
