import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing } from "cdktf";
import { parse } from "yaml";
import { CloudStack, StateBackend } from "../../lib";
import { generateNotes } from "../../lib/cli/views/pipeline";
import { readOutput } from "../../lib/ops/read";
import { GitHubPipeline, GitHubPipelineProps, PrivateRunner, staleFiles, writeWorkflows } from "../../lib/pipeline";
import { generateWorkflows } from "../../lib/pipeline/generate";
import { GitHubGovernanceStack } from "../../lib/pipeline/governance/stack";
import { BASE_PROPS, generate, GRAPH, PipelineFixtureStack, writeRepo } from "./fixture";

const REPO = path.join(__dirname, "..", "..");

/** BASE_PROPS environments: aws dev and prod, gcp prod; approvals default to prod. */
function pipeline(props: Partial<GitHubPipelineProps>): GitHubPipeline {
  return new GitHubPipeline({ ...BASE_PROPS, ...props });
}

describe("approvals GitHub would not enforce fail the declaration (pipelines-review S3)", () => {
  test("a private repository on GitHub Team has no required reviewers: approvals fail without another mode", () => {
    expect(() => pipeline({ github: { plan: "team", visibility: "private" } })).toThrow(
      'GitHubPipeline \'pipeline\': approvals ["prod"] would not be enforced: GitHub team has no required reviewers for private repositories (GitHub Docs, "Reviewing deployments"), so these environments would apply on merge without anyone approving; set approvalMode: "pull-request" (an approving review on the pull request, checked again before each gated apply), or move the repository to GitHub Enterprise.',
    );
  });

  test.each([
    ["pro", "private"],
    ["team", "private"],
  ] as const)("%s %s with approvalMode pull-request is accepted", (plan, visibility) => {
    const spec = pipeline({ github: { plan, visibility }, approvalMode: "pull-request" }).spec.governance;
    expect(spec).toMatchObject({ approvalMode: "pull-request", github: { plan, visibility, requiredApprovals: 1 } });
  });

  test.each([
    ["enterprise", "private"],
    ["enterprise", "internal"],
    ["free", "public"],
    ["team", "public"],
  ] as const)("%s %s enforces required reviewers: accepted with reviewers", (plan, visibility) => {
    expect(() => pipeline({ github: { plan, visibility }, reviewers: { prod: ["acme/leads"] } })).not.toThrow();
  });

  test("an environment in approvals without reviewers would let every deploy through", () => {
    expect(() => pipeline({ github: { plan: "enterprise" } })).toThrow(
      "GitHubPipeline 'pipeline': reviewers.prod undefined is missing: environment prod needs approval, and a GitHub environment without required reviewers lets every deploy through; name its reviewers, e.g. reviewers: { prod: [\"acme/platform-leads\"] } (users or org/team).",
    );
  });

  test.each<[string, Partial<GitHubPipelineProps>, string]>([
    [
      "GitHub Free has nothing to protect a private repository with",
      { github: { plan: "free" }, approvalMode: "pull-request" },
      'github.plan "free" has no environments or rulesets for private repositories, so no branch policy, reviewer or protected trunk can exist; make the repository public, or move it to a "pro", "team" or "enterprise" plan.',
    ],
    [
      "internal repositories exist only under Enterprise",
      { github: { plan: "team", visibility: "internal" } },
      'github.visibility "internal" does not exist on GitHub team: internal repositories belong to GitHub Enterprise; use "private", or plan "enterprise".',
    ],
    [
      "an unknown plan",
      { github: { plan: "business" as never } },
      'github.plan "business" is not a GitHub plan; use the plan of the repository\'s owner: "free", "pro", "team", "enterprise".',
    ],
    [
      "reviewers with the pull-request mode are not silently ignored",
      { github: { plan: "team" }, approvalMode: "pull-request", reviewers: { prod: ["acme/leads"] } },
      'reviewers.prod ["acme/leads"] is not used with approvalMode "pull-request": the approval is a review on the pull request; name who may approve a stack in owners (CODEOWNERS, required by the trunk ruleset) and remove reviewers.',
    ],
    [
      "reviewers of an environment that needs no approval",
      { github: { plan: "enterprise" }, reviewers: { prod: ["acme/leads"], dev: ["octocat"] } },
      'reviewers.dev ["octocat"] names reviewers for environment dev, which is not in approvals; add dev to approvals, or remove its reviewers.',
    ],
    [
      "a team of another organization",
      { github: { plan: "enterprise" }, reviewers: { prod: ["other/leads"] } },
      'reviewers.prod "other/leads" is a team of other, not of the repository\'s owner acme; use a team of acme, or a user.',
    ],
    [
      "more reviewers than GitHub allows",
      { github: { plan: "enterprise" }, reviewers: { prod: ["a", "b", "c", "d", "e", "f", "g"] } },
      'reviewers.prod ["a","b","c","d","e","f","g"] is not a list of 1 to 6 reviewers (GitHub\'s limit per environment)',
    ],
    [
      "a reviewer listed twice",
      { github: { plan: "enterprise" }, reviewers: { prod: ["Octocat", "octocat"] } },
      'reviewers.prod "octocat" is listed twice (GitHub names are case-insensitive); list each reviewer once.',
    ],
    [
      "an approval mode without the plan to check it against",
      { approvalMode: "pull-request" },
      'approvalMode "pull-request" needs the repository\'s plan to be checked against; declare github: { plan: "team", visibility: "private" } (your plan and visibility).',
    ],
    [
      "an unknown approval mode",
      { github: { plan: "enterprise" }, approvalMode: "deploy-review" as never },
      'approvalMode "deploy-review" is not an approval mode; use "environment-reviewers", "pull-request".',
    ],
    [
      "owners written without @",
      { owners: { "*": ["acme/platform"] } },
      'owners.* "acme/platform" is not a GitHub user or team; write "@octocat" or "@acme/platform".',
    ],
    [
      "an unknown github prop",
      { github: { plan: "team", visbility: "public" } as never },
      'github.visbility "public" is not a known prop; use one of plan, visibility, requiredApprovals.',
    ],
  ])("%s", (_, props, message) => {
    expect(() => pipeline(props)).toThrow(message);
  });
});

/** An app of two AWS stacks and a GCP one, then the governance stack; synthesized into a temporary folder. */
function governanceApp(props: Partial<GitHubPipelineProps>, order: "last" | "first" = "last") {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-governance-"));
  const app = new App({ outdir, stackTraces: false });
  const declaration = pipeline(props);
  const governance = () => new GitHubGovernanceStack(app, "github-governance", { pipeline: declaration });
  const first = order === "first" ? governance() : undefined;
  const backend = StateBackend.s3({ bucket: "acme-state", region: "eu-west-1" });
  const network = new CloudStack(app, "aws-dev", { cloud: "aws", region: "eu-west-1", environment: "dev", backend });
  const prod = new CloudStack(app, "aws-prod", { cloud: "aws", region: "eu-west-1", environment: "prod", backend });
  prod.addDependency(network);
  new CloudStack(app, "gcp-prod", {
    cloud: "gcp",
    region: "europe-west1",
    environment: "prod",
    project: "acme-prod",
    backend: StateBackend.gcs({ bucket: "acme-state" }),
  });
  const stack = first ?? governance();
  return { app, outdir, stack, declaration };
}

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

describe("GitHubGovernanceStack", () => {
  const props: Partial<GitHubPipelineProps> = {
    github: { plan: "enterprise", visibility: "private", requiredApprovals: 2 },
    reviewers: { prod: ["acme/Platform-Leads", "octocat"] },
    owners: { "*": ["@acme/platform"] },
    manual: ["github-governance"],
  };
  const built = governanceApp(props);
  built.app.synth();
  const json = JSON.parse(
    fs.readFileSync(path.join(built.outdir, "stacks/github-governance/cdk.tf.json"), "utf8"),
  ) as Json;
  const resources = json.resource;

  test("configures only the github provider, for the repository's owner, with no credentials", () => {
    expect(Object.keys(json.provider)).toEqual(["github"]);
    expect(json.provider.github).toEqual([{ owner: "acme" }]);
    expect(json.terraform.required_providers.github).toEqual({ source: "integrations/github", version: "6.9.0" });
  });

  test("one environment per pipeline environment, deployable only from the trunk", () => {
    const envs = resources.github_repository_environment;
    expect(Object.values(envs).map((e) => e.environment)).toEqual(["dev", "prod"]);
    for (const e of Object.values(envs))
      expect(e.deployment_branch_policy).toEqual({ custom_branch_policies: true, protected_branches: false });
    const policies = Object.values(resources.github_repository_environment_deployment_policy);
    expect(policies.map((p) => [p.environment, p.branch_pattern])).toEqual([
      ["${github_repository_environment.Environment-dev.environment}", "main"],
      ["${github_repository_environment.Environment-prod.environment}", "main"],
    ]);
  });

  test("the environments in approvals get their required reviewers by numeric id, no self-review, no admin bypass", () => {
    const prod = resources.github_repository_environment["Environment-prod"];
    expect(prod).toMatchObject({
      reviewers: [
        {
          teams: ["${data.github_team.Team-platform-leads.id}"],
          users: ["${data.github_user.User-octocat.id}"],
        },
      ],
      prevent_self_review: true,
      can_admins_bypass: false,
    });
    expect(resources.github_repository_environment["Environment-dev"].reviewers).toBeUndefined();
    const data = json.data as unknown as Json["resource"];
    expect(data.github_team["Team-platform-leads"]).toMatchObject({ slug: "platform-leads", summary_only: true });
    expect(data.github_user["User-octocat"]).toMatchObject({ username: "octocat" });
  });

  test("the trunk ruleset: pull requests with approvals and code owners, the pull-request jobs as required checks, no force push, linear history", () => {
    const ruleset = resources.github_repository_ruleset.Trunk as Record<string, any>;
    expect(ruleset).toMatchObject({
      target: "branch",
      enforcement: "active",
      conditions: { ref_name: { include: ["refs/heads/main"], exclude: [] } },
    });
    expect(ruleset.bypass_actors).toBeUndefined();
    const { required_status_checks: checks, ...rules } = ruleset.rules;
    expect(rules).toEqual({
      deletion: true,
      non_fast_forward: true,
      required_linear_history: true,
      pull_request: {
        required_approving_review_count: 2,
        require_code_owner_review: true,
        dismiss_stale_reviews_on_push: true,
        require_last_push_approval: true,
      },
    });
    // The same job names `pipeline generate` writes from the synthesized output, each bound to GitHub Actions.
    const generated = generateWorkflows(built.declaration, readOutput(built.outdir).stacks, {
      output: "terraform",
      cwd: REPO,
    });
    const jobs = Object.values(generated.workflows[0].workflow.jobs).map((j) => j.name);
    expect(jobs).toEqual([
      "test",
      "policy",
      "affected stacks",
      "plan aws-dev",
      "plan gcp-prod",
      "plan aws-prod",
      "comment",
    ]);
    expect(checks).toEqual({
      strict_required_status_checks_policy: true,
      required_check: jobs.map((context) => ({ context, integration_id: 15368 })),
    });
  });

  test("synthesized alone (the other stacks not written), its checks are the same", () => {
    const again = governanceApp(props);
    const alone = JSON.parse(Testing.synth(again.stack)) as Json;
    expect(alone.resource.github_repository_ruleset.Trunk.rules).toEqual(
      resources.github_repository_ruleset.Trunk.rules,
    );
  });

  test("its checks read the JSON cdktf wrote for each other stack: no stack is resolved twice", () => {
    // Spied before the app is built: the governance stack keeps each stack's method when constructed.
    const resolved = jest.spyOn(CloudStack.prototype, "toTerraform");
    const again = governanceApp(props);
    try {
      again.app.synth();
      expect(resolved.mock.contexts.map((s) => (s as CloudStack).node.id).sort()).toEqual([
        "aws-dev",
        "aws-prod",
        "gcp-prod",
      ]);
    } finally {
      resolved.mockRestore();
    }
    expect(fs.readFileSync(path.join(again.outdir, "stacks/github-governance/cdk.tf.json"), "utf8")).toBe(
      fs.readFileSync(path.join(built.outdir, "stacks/github-governance/cdk.tf.json"), "utf8"),
    );
  });

  test("is deterministic", () => {
    const again = governanceApp(props);
    again.app.synth();
    expect(fs.readFileSync(path.join(again.outdir, "stacks/github-governance/cdk.tf.json"), "utf8")).toBe(
      fs.readFileSync(path.join(built.outdir, "stacks/github-governance/cdk.tf.json"), "utf8"),
    );
  });

  test("with approvalMode pull-request, environments keep the trunk-only policy and get no reviewers", () => {
    const pr = governanceApp({ github: { plan: "team" }, approvalMode: "pull-request", manual: ["github-governance"] });
    const synth = JSON.parse(Testing.synth(pr.stack)) as Json;
    for (const e of Object.values(synth.resource.github_repository_environment)) {
      expect(e.reviewers).toBeUndefined();
      expect(e.deployment_branch_policy).toEqual({ custom_branch_policies: true, protected_branches: false });
    }
    expect(
      (synth.resource.github_repository_ruleset.Trunk.rules as Record<string, unknown>).pull_request,
    ).toMatchObject({
      required_approving_review_count: 1,
      require_code_owner_review: false,
    });
  });

  test("constructed before another stack, it fails naming the fix", () => {
    const early = governanceApp(props, "first");
    expect(() => early.app.synth()).toThrow(
      "GitHubGovernanceStack 'github-governance': scope \"aws-dev\" is constructed before stack aws-dev, whose pull-request jobs it must require; construct GitHubGovernanceStack after every other stack of the app.",
    );
  });

  test("a declaration without the repository's plan cannot build it", () => {
    const app = Testing.app();
    expect(() => new GitHubGovernanceStack(app, "github-governance", { pipeline: pipeline({}) })).toThrow(
      'GitHubGovernanceStack \'github-governance\': pipeline.github undefined is missing: whether GitHub enforces required reviewers depends on the repository\'s plan and visibility; declare github: { plan: "team", visibility: "private" } (yours) in the GitHubPipeline.',
    );
  });

  test("an unknown prop is refused", () => {
    const app = Testing.app();
    expect(
      () =>
        new GitHubGovernanceStack(app, "g", {
          pipeline: pipeline({ github: { plan: "enterprise" }, reviewers: { prod: ["octocat"] } }),
          trunk: "main",
        } as never),
    ).toThrow("GitHubGovernanceStack 'g': trunk \"main\" is not a known prop; use one of pipeline, backend, output.");
  });

  test("the library loads the github provider only when a governance stack is built", () => {
    const script = `
      const lib = require(${JSON.stringify(path.join(REPO, "lib"))});
      const loaded = () => Object.keys(require.cache).some((f) => f.includes("@cdktf/provider-github"));
      const before = loaded();
      const { App } = require("cdktf");
      const pipeline = new lib.GitHubPipeline({ repository: "acme/platform", aws: { dev: { account: "111111111111" } }, github: { plan: "team" }, approvals: [] });
      new lib.GitHubGovernanceStack(new App({ outdir: require("os").tmpdir() }), "g", { pipeline });
      console.log(JSON.stringify([before, loaded()]));
    `;
    const run = spawnSync(process.execPath, ["--require", path.join(REPO, "scripts/register-ts.js"), "-e", script], {
      cwd: REPO,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual([false, true]);
  });
});

/** `generate` over GRAPH plus `extra` stacks and a `github-governance` stack that configures only the github provider. */
function generateGoverned(props: Partial<GitHubPipelineProps>, extra: readonly PipelineFixtureStack[] = []) {
  const root = writeRepo([...GRAPH, ...extra, { name: "github-governance" }]);
  const file = path.join(root, "terraform/stacks/github-governance/cdk.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...json, provider: { github: [{ owner: "acme" }] }, resource: {} }));
  const declaration = new GitHubPipeline({
    ...BASE_PROPS,
    privateStacks: { apps: PrivateRunner.selfHosted(["self-hosted"]) },
    ...props,
  });
  return generateWorkflows(declaration, readOutput("terraform", root).stacks, { output: "terraform", cwd: root });
}

describe("a stack that manages the repository in pipeline generate", () => {
  test("is skipped when manual names it, with the reason", () => {
    const result = generateGoverned({ manual: ["github-governance"] });
    expect(result.skipped[0]).toEqual({
      name: "github-governance",
      why: "manages the GitHub repository's settings (governance); applied by an admin with a GitHub App token",
    });
    // No job plans, applies or scans it; the pull request's summary says why.
    for (const w of result.workflows) expect(Object.keys(w.workflow.jobs).join(" ")).not.toContain("github-governance");
    expect(result.workflows[0].text).toContain(
      "- not planned here: github-governance, manages the GitHub repository's settings (governance); applied by an admin with a GitHub App token",
    );
    expect(result.workflows[1].text).not.toContain("github-governance");
  });

  test("fails when manual does not name it", () => {
    expect(() => generateGoverned({})).toThrow(
      "does not name stack github-governance, which manages the GitHub repository (provider github) and has no cloud for a job to plan it in",
    );
  });
});

describe("CODEOWNERS", () => {
  const owners = {
    "github-governance": ["@acme/leads"],
    "*-prod": ["@acme/leads"],
    "*": ["@acme/platform", "@octocat"],
  };
  test("one line per stack folder (first matching pattern), then the pipeline's files owned by the governance stack's owners", () => {
    const result = generateGoverned({ manual: ["github-governance"], owners }, [
      { name: "aws-prod", environment: "prod" },
    ]);
    expect(result.files.map((f) => f.path)).toEqual([".github/CODEOWNERS"]);
    const lines = String(result.files[0].bytes).split("\n");
    expect(lines[0]).toMatch(/^# Generated by `landform pipeline generate`/);
    expect(lines.filter((l) => l.startsWith("/"))).toEqual([
      "/terraform/stacks/apps/ @acme/platform @octocat",
      "/terraform/stacks/aws-prod/ @acme/leads",
      "/terraform/stacks/bootstrap/ @acme/platform @octocat",
      "/terraform/stacks/cluster/ @acme/platform @octocat",
      "/terraform/stacks/dns/ @acme/platform @octocat",
      "/terraform/stacks/github-governance/ @acme/leads",
      "/terraform/stacks/jobs/ @acme/platform @octocat",
      "/terraform/stacks/network/ @acme/platform @octocat",
      "/.github/workflows/landform-*.yml @acme/leads",
      "/.github/CODEOWNERS @acme/leads",
    ]);
  });

  test("a stack no pattern matches fails: it would need no owner's review", () => {
    expect(() => generate({ owners: { "net*": ["@acme/net"] } })).toThrow(
      'owners "apps" stack apps matches no owners pattern, so a change to it would need no owner\'s review; add owners: { "apps": ["@org/team"] }, or a pattern such as "*".',
    );
  });

  test("no owners, no file", () => {
    expect(generate().files).toEqual([]);
  });

  test("the writer writes and checks it, removes it once owners are gone, and leaves a hand-written one alone", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "landform-codeowners-"));
    const result = generate({ owners: { "*": ["@acme/platform"] } });
    expect(writeWorkflows(root, result.workflows, result.files).map((s) => s.path)).toContain(".github/CODEOWNERS");
    expect(staleFiles(root, result.workflows, result.files)).toEqual([]);
    expect(staleFiles(root, result.workflows)).toEqual([{ path: ".github/CODEOWNERS", problem: "orphaned" }]);
    fs.writeFileSync(path.join(root, ".github/CODEOWNERS"), "* @someone\n");
    expect(staleFiles(root, result.workflows)).toEqual([]);
  });
});

describe("deploy with approvalMode pull-request", () => {
  const result = generate({ github: { plan: "team" }, approvalMode: "pull-request" });
  const deploy = parse(result.workflows[1].text) as { jobs: Record<string, Record<string, any>> };

  test("a gated apply checks the approval first, before any cloud login, with pull-requests: read", () => {
    const job = deploy.jobs["apply-dns"];
    expect(job.name).toBe("apply dns (approval)");
    expect(job.steps[0].name).toBe("Require an approved pull request");
    expect(job.steps[0].env).toMatchObject({ TRUNK: "main", ENVIRONMENT: "prod", REQUIRED: "1" });
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "read" });
  });

  test("an apply that needs no approval is unchanged", () => {
    const job = deploy.jobs["apply-network"];
    expect(job.steps.map((s: { name: string }) => s.name)).not.toContain("Require an approved pull request");
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  test("the environment-reviewers mode adds no step", () => {
    const plain = generate({ github: { plan: "enterprise" }, reviewers: { prod: ["octocat"] } }).workflows[1].text;
    expect(plain).not.toContain("Require an approved pull request");
  });

  // The step's script, run against a fake `gh` that answers from canned API responses through jq
  // (gh's --jq is jq): what GitHub returns decides, not the script's own view.
  const jq = spawnSync("jq", ["--version"], { encoding: "utf8" });
  const script: string = deploy.jobs["apply-dns"].steps[0].run;
  const HEAD = "h".repeat(40);
  const SHA = "m".repeat(40);
  const review = (user: string, state: string, commit = HEAD, association = "MEMBER") => ({
    user: { login: user },
    state,
    commit_id: commit,
    author_association: association,
  });
  const runCheck = (pulls: unknown[], reviews: unknown[]) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-approval-"));
    fs.writeFileSync(path.join(dir, "pulls.json"), JSON.stringify(pulls));
    fs.writeFileSync(path.join(dir, "pr.json"), JSON.stringify({ head: { sha: HEAD }, user: { login: "author" } }));
    fs.writeFileSync(path.join(dir, "reviews.json"), JSON.stringify(reviews));
    const gh = [
      "#!/usr/bin/env bash",
      '[ "$1" = api ] || exit 2; shift',
      '[ "$1" = --paginate ] && shift',
      'url="$1"; shift; [ "$1" = --jq ] || exit 2',
      `case "$url" in *"/commits/${SHA}/pulls") f=pulls ;; */reviews*) f=reviews ;; */pulls/7) f=pr ;; *) exit 3 ;; esac`,
      `jq -r "$2" "${dir}/$f.json"`,
    ].join("\n");
    fs.writeFileSync(path.join(dir, "gh"), gh, { mode: 0o755 });
    return spawnSync("bash", ["-c", script], {
      encoding: "utf8",
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        REPOSITORY: "acme/platform",
        SHA,
        TRUNK: "main",
        ENVIRONMENT: "prod",
        REQUIRED: "1",
        RUNNER_TEMP: dir,
      },
    });
  };
  const merged = [{ number: 7, merged_at: "2026-12-01T00:00:00Z", base: { ref: "main" }, merge_commit_sha: SHA }];
  const cases: [string, unknown[], unknown[], string][] = [
    [
      "approved by another member on the last commit",
      merged,
      [review("alice", "APPROVED")],
      "Pull request #7 approved by: alice",
    ],
    ["a direct push: no merged pull request", [], [], "is not the merge of a pull request into main"],
    [
      "a pull request merged into another branch",
      [{ ...(merged[0] as object), base: { ref: "release" } }],
      [review("alice", "APPROVED")],
      "is not the merge of a pull request into main",
    ],
    ["approved by its author only", merged, [review("author", "APPROVED")], "has 0 approving review(s)"],
    [
      "approved on an earlier commit",
      merged,
      [review("alice", "APPROVED", "e".repeat(40))],
      "has 0 approving review(s)",
    ],
    [
      "approval then changes requested",
      merged,
      [review("alice", "APPROVED"), review("alice", "CHANGES_REQUESTED")],
      "has 0 approving review(s)",
    ],
    [
      "approved by someone without write access",
      merged,
      [review("bob", "APPROVED", HEAD, "CONTRIBUTOR")],
      "has 0 approving review(s)",
    ],
  ];
  const runnable = jq.status === 0 ? cases : [];
  if (jq.status !== 0) test.skip("the approval script (jq is not installed: gh's --jq cannot be imitated)", () => {});
  test.each(runnable)("%s", (_, pulls, reviews, expected) => {
    const run = runCheck(pulls, reviews);
    expect(run.stdout).toContain(expected);
    expect(run.status).toBe(expected.startsWith("Pull request") ? 0 : 1);
  });
});

describe("what pipeline generate says about approvals", () => {
  test.each<[string, Partial<GitHubPipelineProps>, string]>([
    [
      "no plan declared: set up by hand, or declare it",
      {},
      "Give these GitHub environments required reviewers: prod; limit every environment's deployment branches to the trunk (or declare github: { plan, visibility } and apply a GitHubGovernanceStack, which also checks that GitHub enforces them).",
    ],
    [
      "environment reviewers: the governance stack",
      { github: { plan: "enterprise" }, reviewers: { prod: ["octocat"] } },
      "An admin applies the governance stack: environments limited to the trunk, required reviewers for prod, the trunk ruleset.",
    ],
    [
      "pull-request approval",
      { github: { plan: "team" }, approvalMode: "pull-request" },
      'Applies to prod wait for an approved pull request (approvalMode "pull-request"); an admin applies the governance stack for the trunk ruleset and environments.',
    ],
  ])("%s", (_, props, line) => {
    expect(generateNotes(generate(props)).at(-1)).toBe(line);
  });
});
