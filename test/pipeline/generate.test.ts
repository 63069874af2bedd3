import { parse } from "yaml";
import { GitHubPipeline, PrivateRunner } from "../../lib/pipeline";
import { BASE_PROPS, generate, GRAPH, schemaErrors, structuralProblems } from "./fixture";

const WAVES = [["bootstrap", "dns", "network"], ["cluster"], ["apps", "jobs"]];

describe("generated workflows", () => {
  const result = generate();
  const byName = Object.fromEntries(result.workflows.map((w) => [w.path.replace(/^.*landform-|\.yml$/g, ""), w]));
  const jobs = (kind: string) => (parse(byName[kind].text) as { jobs: Record<string, Record<string, unknown>> }).jobs;

  test("are the pull request, deploy and drift workflows", () => {
    expect(result.workflows.map((w) => w.path)).toEqual([
      ".github/workflows/landform-pull-request.yml",
      ".github/workflows/landform-deploy.yml",
      ".github/workflows/landform-drift.yml",
    ]);
  });

  test.each(["pull-request", "deploy", "drift"])("%s passes the GitHub workflow schema", (kind) => {
    expect(schemaErrors(byName[kind].text)).toEqual([]);
  });

  test.each(["pull-request", "deploy", "drift"])(
    "%s: needs name jobs, waves in order, pinned uses, scoped id-token",
    (kind) => {
      expect(structuralProblems(byName[kind].text, WAVES)).toEqual([]);
    },
  );

  test("the YAML reads back as the workflow data, and pinned actions carry their version", () => {
    for (const w of result.workflows) expect(parse(w.text)).toEqual(JSON.parse(JSON.stringify(w.workflow)));
    expect(byName["pull-request"].text).toContain(
      "uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
    );
  });

  test("is deterministic", () => {
    expect(generate().workflows.map((w) => w.text)).toEqual(result.workflows.map((w) => w.text));
  });

  test("plan jobs follow the graph; stacks no job can run are skipped with the reason", () => {
    const pr = jobs("pull-request");
    expect(Object.keys(pr)).toEqual([
      "test",
      "policy",
      "affected",
      "plan-dns",
      "plan-network",
      "plan-cluster",
      "plan-apps",
      "plan-jobs",
      "runner-watchdog",
      "comment",
    ]);
    expect(pr["plan-jobs"].needs).toEqual(["affected", "plan-cluster", "plan-network"]);
    expect(pr["plan-apps"]["runs-on"]).toEqual(["self-hosted", "vpc-dev"]);
    expect(pr["plan-network"]["runs-on"]).toBe("ubuntu-24.04");
    expect(pr["plan-cluster"].if).toContain("contains(fromJSON(needs.affected.outputs.stacks), 'cluster')");
    expect(pr["plan-cluster"].if).toContain("!contains(needs.*.result, 'failure')");
    expect(result.skipped).toEqual([
      {
        name: "bootstrap",
        why: "keeps its state in a local backend, which a CI runner would lose; migrate it to a remote backend",
      },
    ]);
  });

  test("permissions are minimal per job: id-token only where a cloud is assumed, pull-requests only to comment", () => {
    const pr = jobs("pull-request");
    expect(parse(byName["pull-request"].text).permissions).toEqual({});
    expect(pr.test.permissions).toEqual({ contents: "read" });
    expect(pr.affected.permissions).toEqual({ contents: "read" });
    expect(pr["plan-dns"].permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(pr.comment.permissions).toEqual({ "pull-requests": "write" });
    for (const w of result.workflows) {
      // The one secret: the key that opens a sealed plan, an environment secret (test/pipeline/deploy.test.ts).
      expect(w.text.replace(/secrets\.LANDFORM_PLAN_PRIVATE_KEY/g, "")).not.toMatch(/secrets\./);
      expect(w.text).not.toMatch(/write-all|pull_request_target/);
    }
  });

  test("plans assume the plan identity; applies assume the environment's apply identity in that environment", () => {
    const planDns = (jobs("pull-request")["plan-dns"].steps as Record<string, unknown>[]).find((s) =>
      String(s.uses).startsWith("google-github-actions/auth@"),
    );
    expect(planDns?.with).toEqual({
      workload_identity_provider:
        "projects/123456789/locations/global/workloadIdentityPools/landform-gh-pool/providers/landform-gh-github",
      service_account: "landform-gh-plan@acme-prod.iam.gserviceaccount.com",
    });
    const apply = jobs("deploy")["apply-network"];
    expect(apply.environment).toEqual({ name: "dev" });
    expect(parse(byName.deploy.text).concurrency).toEqual({
      group: "landform-deploy",
      "cancel-in-progress": false,
      queue: "max",
    });
    const login = (apply.steps as Record<string, unknown>[]).find((s) => String(s.uses).startsWith("aws-actions/"));
    expect((login?.with as Record<string, unknown>)["role-to-assume"]).toBe(
      "arn:aws:iam::111111111111:role/landform-gh-apply-dev",
    );
    const runs = (job: Record<string, unknown>) =>
      (job.steps as Record<string, unknown>[])
        .map((s) => s.run)
        .filter(Boolean)
        .join("\n");
    expect(runs(jobs("deploy")["plan-network"])).toMatch(/terraform plan[^\n]*-out=tfplan[\s\S]*plan review/);
    expect(runs(apply)).not.toContain("terraform plan");
    expect(runs(apply)).toMatch(/terraform apply -input=false -lock-timeout=10m tfplan/);
  });

  test("the pull request plans are reviewed into the summary and one sticky comment", () => {
    const pr = jobs("pull-request");
    const review = (pr["plan-network"].steps as Record<string, unknown>[]).find((s) => s.name === "Review the plan");
    expect(review?.run).toContain(
      'landform plan review "$RUNNER_TEMP/network.plan.json" --stacks terraform --format markdown',
    );
    expect(review?.run).toContain("$GITHUB_STEP_SUMMARY");
    const sticky = (pr.comment.steps as Record<string, unknown>[]).find((s) =>
      String(s.uses).startsWith("marocchino/"),
    );
    expect(sticky?.with).toEqual({ header: "landform-plan", path: "comment.md" });
  });

  test("drift runs plans on the schedule, uploads SARIF and keeps one issue per stack", () => {
    const wf = parse(byName.drift.text);
    expect(wf.on).toEqual({ schedule: [{ cron: "17 6 * * 1-5" }], workflow_dispatch: {} });
    const d = jobs("drift");
    expect((d["drift-dns"].steps as Record<string, unknown>[]).map((s) => s.run).join("\n")).toContain(
      "terraform plan -input=false -lock=false",
    );
    expect(d.report.permissions).toEqual({ contents: "read", issues: "write", "security-events": "write" });
    expect(d.report.needs).toEqual(["drift-dns", "drift-network", "drift-cluster", "drift-apps", "drift-jobs"]);
  });

  test("the trunk workflow applies on push to the trunk and on demand", () => {
    expect(parse(byName.deploy.text).on).toEqual({ push: { branches: ["main"] }, workflow_dispatch: {} });
    expect(jobs("deploy")["apply-apps"].needs).toEqual(["affected", "plan-apps", "apply-cluster"]);
    expect(jobs("deploy")["plan-apps"].needs).toEqual(["affected", "apply-cluster"]);
  });
});

describe("placement of private stacks", () => {
  test("a pull-agent stack gets no job; its dependents wait for what it waited for", () => {
    const stacks = [...GRAPH, { name: "reports", dependsOn: ["apps"] }];
    const result = generate({ privateStacks: { apps: PrivateRunner.pullAgent("tofu-controller") } }, stacks);
    const pr = parse(result.workflows[0].text).jobs;
    expect(pr["plan-apps"]).toBeUndefined();
    expect(pr["plan-reports"].needs).toEqual(["affected", "plan-cluster"]);
    expect(result.skipped.map((s) => s.name)).toEqual(["bootstrap", "apps"]);
    expect(result.skipped[1].why).toContain("tofu-controller");
  });

  test("a stack left to the pull agent is skipped even without a Kubernetes provider: one applier per stack", () => {
    const result = generate({
      privateStacks: {
        dns: PrivateRunner.pullAgent("tofu-controller"),
        apps: PrivateRunner.selfHosted(["self-hosted"]),
      },
    });
    expect(result.skipped).toContainEqual({
      name: "dns",
      why: "planned and applied in the cluster by tofu-controller",
    });
    expect(parse(result.workflows[0].text).jobs["plan-dns"]).toBeUndefined();
  });

  test("a private stack with no placement fails: no job may be emitted that cannot reach its API", () => {
    expect(() => generate({ privateStacks: {} })).toThrow(
      'stack apps configures a kubernetes or helm provider, which must reach a private API a hosted runner cannot; declare privateStacks: { "apps": PrivateRunner.selfHosted([...labels]) } or PrivateRunner.pullAgent("<agent>").',
    );
  });

  test("manual stacks are skipped", () => {
    const result = generate({ manual: ["dns"] });
    expect(result.skipped).toContainEqual({ name: "dns", why: 'applied by a person (manual: "dns")' });
  });
});

describe("bad input fails at generation with a clear error", () => {
  test("an environment without an identity", () => {
    expect(() => generate({ aws: { prod: { account: "222222222222" } } })).toThrow(
      "stack network deploys to environment dev on aws, which has no identity in the pipeline; add aws: { dev: { account } } to the declaration, or list the stack under manual.",
    );
  });

  test("a stack missing from the graph", () => {
    expect(() => generate({ manual: ["bootsrap"] })).toThrow(
      'the pipeline names stack "bootsrap", which is not in the stack graph (bootstrap, dns, network, cluster, apps, jobs); fix the name or remove it.',
    );
  });

  test("a Terraform version the stacks do not allow", () => {
    expect(() => generate({ terraformVersion: "1.9.0" })).toThrow(
      `terraformVersion "1.9.0" does not satisfy stack dns's required_version ">= 1.11.0"; pin a release it allows.`,
    );
    expect(generate().terraformVersion).toBe("1.11.0");
  });

  test.each([
    [
      { repository: "acme" },
      `GitHubPipeline 'pipeline': repository "acme" is not owner/name; write it as GitHub shows it, e.g. "acme/platform".`,
    ],
    [{ repository: "acme/platform/x" }, `GitHubPipeline 'pipeline': repository "acme/platform/x" is not owner/name`],
    [{ driftSchedule: "0 6 * *" }, `driftSchedule "0 6 * *" is not valid cron: it has 4 fields, and cron needs 5`],
    [
      { driftSchedule: "0 25 * * *" },
      `driftSchedule "0 25 * * *" is not valid cron: its hour field has "25", which is not an hour (0-23)`,
    ],
    [{ driftSchedule: "*/2 * * * *" }, "runs more often than every 5 minutes"],
    [{ aws: { dev: { account: "1234" } } }, `aws.dev.account "1234" is not an AWS account id`],
    [{ approvals: ["qa"] }, `approvals "qa" is not an environment of the pipeline; use one of dev, prod.`],
    [
      { actions: { checkout: { repo: "actions/checkout", sha: "v7", version: "v7" } } },
      `actions.checkout.sha "v7" is not a full 40-character commit SHA`,
    ],
  ])("%j", (props, message) => {
    expect(() => new GitHubPipeline({ ...BASE_PROPS, ...(props as object) })).toThrow(message);
  });
});
