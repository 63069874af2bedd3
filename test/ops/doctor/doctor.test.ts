import * as fs from "fs";
import * as path from "path";
import { doctor, DoctorOptions } from "../../../lib/ops";
import { at, copy, Files, healthy, REPO, RUNNERS, SUBJECT, writeFiles } from "./fixture";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const PATHS = { terraform: "terraform", workflows: ".github/workflows", gitops: "gitops" };

/** Doctor on the files, as `[severity, rule, stack, address]`: the link each finding names. */
function run(files: Files, options: DoctorOptions = { runners: RUNNERS }) {
  const dir = writeFiles(files);
  dirs.push(dir);
  return doctor({ ...PATHS, cwd: dir }, options).report.findings.map((f) => [f.severity, f.ruleId, f.stack, f.address]);
}

/** The healthy files with one edit. */
function broken(edit: (files: Files) => void): Files {
  const files = copy(healthy());
  edit(files);
  return files;
}

const BOOTSTRAP = "terraform/stacks/bootstrap-aws/cdk.tf.json";
const ADDONS = "terraform/stacks/aws-dev-addons/cdk.tf.json";
const DEPLOY = ".github/workflows/deploy.yml";
const PR = ".github/workflows/pull-request.yml";

describe("landform doctor on a loop where every link holds", () => {
  test("finds nothing", () => {
    expect(run(healthy())).toEqual([]);
  });

  test("reads every applier: deploy jobs, PR plans, agent objects", () => {
    const dir = writeFiles(healthy());
    dirs.push(dir);
    const { loop } = doctor({ ...PATHS, cwd: dir }, { runners: RUNNERS });
    expect(loop.repository).toBe(REPO);
    expect(loop.appliers.map((a) => `${a.role} ${a.stack} by ${a.id}`).sort()).toEqual([
      "apply aws-dev by deploy.yml job apply-aws-dev",
      "apply aws-dev-addons by deploy.yml job apply-aws-dev-addons",
      "apply aws-dev-workloads by agent aws-dev-cluster flux-system/aws-dev-workloads",
      "apply aws-prod by deploy.yml job apply-aws-prod",
      "apply aws-prod-addons by deploy.yml job apply-aws-prod-addons",
      "apply aws-prod-workloads by agent aws-prod-cluster flux-system/aws-prod-workloads",
      "plan aws-dev by pull-request.yml job plan-aws-dev",
      "plan aws-dev-addons by pull-request.yml job plan-aws-dev-addons",
      "plan aws-prod by pull-request.yml job plan-aws-prod",
      "plan aws-prod-addons by pull-request.yml job plan-aws-prod-addons",
    ]);
    expect([...loop.gatedEnvironments]).toEqual(["prod"]);
  });
});

// Each test breaks exactly one link of the healthy loop and expects exactly that finding.
describe("each broken link is exactly one finding", () => {
  test("one-applier: a stack nothing applies", () => {
    const files = broken((f) => delete f["gitops/aws-dev-cluster/terraform-aws-dev-workloads.yaml"]);
    expect(run(files)).toEqual([["error", "one-applier", "aws-dev-workloads", "aws-dev-workloads"]]);
  });

  test("one-applier: a stack two jobs apply", () => {
    const files = broken((f) => {
      f[".github/workflows/hotfix.yml"] = {
        on: { push: { branches: ["main"] } },
        jobs: { again: at(f, DEPLOY, "jobs", "apply-aws-dev") },
      };
    });
    expect(run(files)).toEqual([
      ["error", "one-applier", "aws-dev", "deploy.yml job apply-aws-dev + hotfix.yml job again"],
      // the apply role requires job_workflow_ref to be the deploy workflow: the copy cannot assume it
      ["error", "identity-trust", "aws-dev", "hotfix.yml job again -> role landform-apply-dev"],
    ]);
  });

  test("one-applier: the agent's own objects live in a stack only the agent applies (deadlock)", () => {
    const manifest = (f: Files) => ({
      agent_Terraform: { manifest: f["gitops/aws-dev-cluster/terraform-aws-dev-workloads.yaml"] },
    });
    const files = broken((f) => {
      at(f, "terraform/stacks/aws-dev-workloads/cdk.tf.json", "resource").kubernetes_manifest = manifest(f);
    });
    expect(run(files)).toEqual([
      ["error", "one-applier", "aws-dev-workloads", "aws-dev-workloads -> agent aws-dev-cluster"],
    ]);
    // declared in a stack the pipeline applies, the agent is created: no finding
    const fixed = broken((f) => {
      at(f, ADDONS, "resource").kubernetes_manifest = manifest(f);
    });
    expect(run(fixed)).toEqual([]);
  });

  test("identity-trust: the apply role trusts another repository", () => {
    const files = broken((f) => {
      const condition = at(f, BOOTSTRAP, "data", "aws_iam_policy_document", "apply-devTrust").statement as {
        condition: { values: string[] }[];
      }[];
      condition[0].condition[1].values = ["repo:acme/other:environment:dev"];
    });
    expect(run(files)).toEqual([
      ["error", "identity-trust", "aws-dev", "deploy.yml job apply-aws-dev -> role landform-apply-dev"],
      ["error", "identity-trust", "aws-dev-addons", "deploy.yml job apply-aws-dev-addons -> role landform-apply-dev"],
    ]);
  });

  test("identity-trust: the agent's role trusts another service account", () => {
    const files = broken((f) => {
      const doc = at(f, ADDONS, "data", "aws_iam_policy_document", "runnerTrust").statement as {
        condition: { values: string[] }[];
      }[];
      doc[0].condition[0].values = ["system:serviceaccount:flux-system:other"];
    });
    expect(run(files)).toEqual([
      [
        "error",
        "identity-trust",
        "aws-dev-workloads",
        "agent aws-dev-cluster flux-system/aws-dev-workloads -> role aws-dev-agent-runner",
      ],
    ]);
  });

  test("state-access: the agent's role cannot write its stack's state", () => {
    const files = broken((f) => delete at(f, ADDONS, "resource").aws_iam_role_policy);
    expect(run(files)).toEqual([
      [
        "error",
        "state-access",
        "aws-dev-workloads",
        "agent aws-dev-cluster flux-system/aws-dev-workloads -> role aws-dev-agent-runner -> state",
      ],
    ]);
  });

  test("state-access: the plan role can write state", () => {
    const files = broken((f) => {
      const doc = at(f, BOOTSTRAP, "data", "aws_iam_policy_document", "planState").statement as {
        resources: string[];
      }[];
      doc[1].resources = ["${aws_s3_bucket.state.arn}/landform/aws-prod/*"];
    });
    expect(run(files)).toEqual([
      ["error", "state-access", "aws-prod", "pull-request.yml job plan-aws-prod -> role landform-plan -> state"],
    ]);
  });

  test("cluster-access: the agent's role has no access entry", () => {
    const files = broken((f) => delete at(f, ADDONS, "resource").aws_eks_access_entry);
    expect(run(files)).toEqual([
      [
        "error",
        "cluster-access",
        "aws-dev-workloads",
        "agent aws-dev-cluster flux-system/aws-dev-workloads -> role aws-dev-agent-runner -> cluster aws-dev-cluster",
      ],
    ]);
  });

  test("cluster-access: the cluster does not make its creator admin", () => {
    const files = broken((f) => {
      const cluster = at(f, "terraform/stacks/aws-dev/cdk.tf.json", "resource", "aws_eks_cluster", "cluster");
      cluster.access_config = { authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false };
    });
    expect(run(files)).toEqual([
      [
        "error",
        "cluster-access",
        "aws-dev-addons",
        "deploy.yml job apply-aws-dev-addons -> role landform-apply-dev -> cluster aws-dev-cluster",
      ],
    ]);
  });

  test("runner-commands: the agent runs in the default runner image, which has no aws", () => {
    const files = broken((f) => {
      const values = at(f, ADDONS, "resource", "helm_release", "tofu").values as string[];
      const parsed = JSON.parse(values[0]) as { runner: { image?: unknown } };
      delete parsed.runner.image;
      values[0] = JSON.stringify(parsed);
    });
    expect(run(files)).toEqual([
      [
        "error",
        "runner-commands",
        "aws-dev-workloads",
        "agent aws-dev-cluster flux-system/aws-dev-workloads -> runner ghcr.io/flux-iac/tf-runner",
      ],
    ]);
  });

  test("runner-commands: a GitHub-hosted runner has no gke-gcloud-auth-plugin", () => {
    const files = broken((f) => {
      // the base stack's provider reaches its own cluster (its applier created it) through the GKE plugin
      const stack = at(f, "terraform/stacks/aws-dev/cdk.tf.json");
      (stack.provider as Record<string, unknown>).kubernetes = [
        { host: "${aws_eks_cluster.cluster.endpoint}", exec: { command: "gke-gcloud-auth-plugin" } },
      ];
    });
    expect(run(files)).toEqual([
      ["error", "runner-commands", "aws-dev", "deploy.yml job apply-aws-dev -> runner ubuntu-24.04"],
      ["error", "runner-commands", "aws-dev", "pull-request.yml job plan-aws-dev -> runner ubuntu-24.04"],
    ]);
  });

  test("approval-parity: prod is gated in the pipeline, auto-applied by the agent", () => {
    const files = broken((f) => {
      at(f, "gitops/aws-prod-cluster/terraform-aws-prod-workloads.yaml", "spec").approvePlan = "auto";
    });
    expect(run(files)).toEqual([
      ["error", "approval-parity", "aws-prod-workloads", "agent aws-prod-cluster flux-system/aws-prod-workloads"],
    ]);
  });

  test("approval-parity: the reverse, dev is gated by the agent only", () => {
    const files = broken((f) => {
      delete at(f, "gitops/aws-dev-cluster/terraform-aws-dev-workloads.yaml", "spec").approvePlan;
    });
    expect(run(files)).toEqual([
      ["error", "approval-parity", "aws-dev-workloads", "agent aws-dev-cluster flux-system/aws-dev-workloads"],
    ]);
  });

  test("approval-parity: the prod apply job lost its approved-pull-request step (its name still says approval)", () => {
    const files = broken((f) => {
      for (const job of ["apply-aws-prod", "apply-aws-prod-addons"]) {
        const j = at(f, DEPLOY, "jobs", job);
        j.steps = (j.steps as { name?: string }[]).filter((st) => st.name !== "Require an approved pull request");
      }
    });
    expect(run(files)).toEqual([
      ["error", "approval-parity", "aws-prod-workloads", "agent aws-prod-cluster flux-system/aws-prod-workloads"],
    ]);
  });

  test("identity-trust: the apply role requires another workflow file (job_workflow_ref)", () => {
    const files = broken((f) => {
      const doc = at(f, BOOTSTRAP, "data", "aws_iam_policy_document", "apply-devTrust").statement as {
        condition: { variable: string; values: string[] }[];
      }[];
      doc[0].condition.find((c) => c.variable.endsWith(":job_workflow_ref"))!.values = [
        `${REPO}/.github/workflows/other.yml@refs/heads/main`,
      ];
    });
    expect(run(files)).toEqual([
      ["error", "identity-trust", "aws-dev", "deploy.yml job apply-aws-dev -> role landform-apply-dev"],
      ["error", "identity-trust", "aws-dev-addons", "deploy.yml job apply-aws-dev-addons -> role landform-apply-dev"],
    ]);
  });

  test("identity-trust: the apply role requires a ref the deploy workflow does not run on", () => {
    const files = broken((f) => {
      (at(f, DEPLOY, "on", "push").branches as string[])[0] = "release";
    });
    expect(run(files).map((x) => `${x[1]} ${x[3]}`)).toEqual([
      "identity-trust deploy.yml job apply-aws-dev -> role landform-apply-dev",
      "identity-trust deploy.yml job apply-aws-dev-addons -> role landform-apply-dev",
      "identity-trust deploy.yml job apply-aws-prod -> role landform-apply-prod",
      "identity-trust deploy.yml job apply-aws-prod-addons -> role landform-apply-prod",
    ]);
  });

  test("identity-trust: the plan role's repository_id condition names another repository", () => {
    const files = broken((f) => {
      const doc = at(f, BOOTSTRAP, "data", "aws_iam_policy_document", "planTrust").statement as {
        condition: { variable: string; values: string[] }[];
      }[];
      doc[0].condition.find((c) => c.variable.endsWith(":repository_id"))!.values = ["999"];
    });
    expect(run(files).map((x) => `${x[1]} ${x[3]}`)).toEqual([
      "identity-trust pull-request.yml job plan-aws-dev -> role landform-plan",
      "identity-trust pull-request.yml job plan-aws-dev-addons -> role landform-plan",
      "identity-trust pull-request.yml job plan-aws-prod -> role landform-plan",
      "identity-trust pull-request.yml job plan-aws-prod-addons -> role landform-plan",
    ]);
  });

  test("unreadable: the trusts name two repository identities; --repository says which", () => {
    const files = broken((f) => {
      const doc = at(f, BOOTSTRAP, "data", "aws_iam_policy_document", "planTrust").statement as {
        condition: { variable: string; values: string[] }[];
      }[];
      doc[0].condition.find((c) => c.variable.endsWith(":sub"))!.values = [
        "repo:acme@100000001/fork@800000002:pull_request",
      ];
    });
    const findings = run(files);
    expect(findings).toContainEqual(["warning", "unreadable", "", "repository"]);
    // told the repository, the plan role's trust is judged: it names another repository
    const told = run(files, { runners: RUNNERS, repository: "acme@100000001/platform@800000001" });
    expect(told.map((x) => `${x[1]} ${x[3]}`)).toEqual([
      "identity-trust pull-request.yml job plan-aws-dev -> role landform-plan",
      "identity-trust pull-request.yml job plan-aws-dev-addons -> role landform-plan",
      "identity-trust pull-request.yml job plan-aws-prod -> role landform-plan",
      "identity-trust pull-request.yml job plan-aws-prod-addons -> role landform-plan",
    ]);
  });

  test("the job's claims: the immutable subject, ids, ref and job_workflow_ref", () => {
    const dir = writeFiles(healthy());
    dirs.push(dir);
    const { loop } = doctor({ ...PATHS, cwd: dir }, { runners: RUNNERS });
    const apply = loop.appliers.find((a) => a.id === "deploy.yml job apply-aws-prod")!;
    expect(apply.claims).toEqual([
      expect.objectContaining({
        sub: `${SUBJECT}:environment:prod`,
        repository_id: "800000001",
        repository_owner_id: "100000001",
        ref: "refs/heads/main",
        job_workflow_ref: `${REPO}/.github/workflows/deploy.yml@refs/heads/main`,
      }),
    ]);
    const plan = loop.appliers.find((a) => a.id === "pull-request.yml job plan-aws-dev")!;
    expect(plan.claims.map((c) => [c.sub, c.ref])).toEqual([[`${SUBJECT}:pull_request`, "refs/pull/{number}/merge"]]);
  });

  test("roles by account: the job assumes the role in an account no stack declares it in", () => {
    const files = broken((f) => {
      const steps = at(f, PR, "jobs", "plan-aws-dev").steps as { with?: Record<string, string> }[];
      steps[0].with!["role-to-assume"] = "arn:aws:iam::222222222222:role/landform-plan";
    });
    expect(run(files)).toEqual([
      ["warning", "unreadable", "aws-dev", "pull-request.yml job plan-aws-dev -> role landform-plan"],
      ["warning", "unreadable", "aws-dev", "pull-request.yml job plan-aws-dev -> role landform-plan -> state"],
    ]);
  });

  test("pr-runner-isolation: a PR plan on the labels of the gated prod apply", () => {
    const files = broken((f) => {
      at(f, PR, "jobs", "plan-aws-prod-addons")["runs-on"] = ["self-hosted", "apply-runner", "apply-prod"];
    });
    expect(run(files)).toEqual([
      [
        "error",
        "pr-runner-isolation",
        "aws-prod-addons",
        "pull-request.yml job plan-aws-prod-addons -> runner self-hosted, apply-runner, apply-prod",
      ],
    ]);
  });

  test("apply-order: the add-ons job does not wait for the base stack's job", () => {
    const files = broken((f) => {
      at(f, DEPLOY, "jobs", "apply-aws-dev-addons").needs = [];
    });
    expect(run(files)).toEqual([
      ["error", "apply-order", "aws-dev-addons", "deploy.yml job apply-aws-dev-addons -> aws-dev"],
    ]);
  });

  test("apply-order: an agent object applied before another agent object it depends on", () => {
    const files = broken((f) => {
      // the agent applies the add-ons stack too (not the pipeline), without ordering workloads after it
      delete at(f, DEPLOY, "jobs")["apply-aws-dev-addons"];
      f["gitops/aws-dev-cluster/terraform-aws-dev-addons.yaml"] = {
        ...copy({ x: f["gitops/aws-dev-cluster/terraform-aws-dev-workloads.yaml"] }).x,
        metadata: {
          name: "aws-dev-addons",
          namespace: "flux-system",
          labels: { "landform.dev/agent": "aws-dev-cluster" },
        },
      };
      at(f, "gitops/aws-dev-cluster/terraform-aws-dev-addons.yaml", "spec").path = "./terraform/stacks/aws-dev-addons";
      const grant = at(f, ADDONS, "resource", "aws_iam_role_policy", "runnerState");
      grant.policy = (grant.policy as string).replace("landform/aws-dev-workloads/*", "landform/aws-dev-*");
    });
    expect(run(files)).toEqual([
      [
        "error",
        "apply-order",
        "aws-dev-workloads",
        "agent aws-dev-cluster flux-system/aws-dev-workloads -> aws-dev-addons",
      ],
    ]);
  });

  test("runner-commands: what the declarations state runners provide (job env, object annotation), no flags", () => {
    // As `landform pipeline generate` and GitOpsAgent write them from `provides` / `runnerProvides`.
    const stated = (aws: boolean) =>
      broken((f) => {
        const provides = aws ? "aws gke-gcloud-auth-plugin" : "gke-gcloud-auth-plugin";
        for (const [file, job] of [
          [DEPLOY, "apply-aws-dev-addons"],
          [DEPLOY, "apply-aws-prod-addons"],
          [PR, "plan-aws-dev-addons"],
          [PR, "plan-aws-prod-addons"],
        ])
          at(f, file, "jobs", job).env = { LANDFORM_RUNNER_PROVIDES: provides };
        for (const env of ["dev", "prod"])
          at(f, `gitops/aws-${env}-cluster/terraform-aws-${env}-workloads.yaml`, "metadata").annotations = {
            "landform.dev/runner-provides": "aws gke-gcloud-auth-plugin",
          };
      });
    expect(run(stated(true), {})).toEqual([]);
    // a stated list without aws: the runner is known to lack it
    expect(run(stated(false), {}).map((x) => `${x[0]} ${x[1]} ${x[3]}`)).toEqual([
      "error runner-commands deploy.yml job apply-aws-dev-addons -> runner self-hosted, apply-runner, apply-dev",
      "error runner-commands pull-request.yml job plan-aws-dev-addons -> runner self-hosted, plan-runner, plan-dev",
      "error runner-commands deploy.yml job apply-aws-prod-addons -> runner self-hosted, apply-runner, apply-prod",
      "error runner-commands pull-request.yml job plan-aws-prod-addons -> runner self-hosted, plan-runner, plan-prod",
    ]);
  });

  test("unreadable: a self-hosted runner doctor is not told about is reported, not guessed", () => {
    expect(run(healthy(), { runners: { "ghcr.io/acme/tf-runner": ["tofu", "aws"] } })).toEqual([
      [
        "warning",
        "unreadable",
        "aws-dev-addons",
        "deploy.yml job apply-aws-dev-addons -> runner self-hosted, apply-runner, apply-dev",
      ],
      [
        "warning",
        "unreadable",
        "aws-dev-addons",
        "pull-request.yml job plan-aws-dev-addons -> runner self-hosted, plan-runner, plan-dev",
      ],
      [
        "warning",
        "unreadable",
        "aws-prod-addons",
        "deploy.yml job apply-aws-prod-addons -> runner self-hosted, apply-runner, apply-prod",
      ],
      [
        "warning",
        "unreadable",
        "aws-prod-addons",
        "pull-request.yml job plan-aws-prod-addons -> runner self-hosted, plan-runner, plan-prod",
      ],
    ]);
  });

  test("unreadable: a role chosen by an expression", () => {
    const files = broken((f) => {
      const steps = at(f, PR, "jobs", "plan-aws-dev").steps as { with?: Record<string, string> }[];
      steps[0].with!["role-to-assume"] = "${{ vars.PLAN_ROLE }}";
    });
    expect(run(files)).toEqual([["warning", "unreadable", "aws-dev", "pull-request.yml job plan-aws-dev"]]);
  });

  test("identity-trust: a job that takes no identity at all", () => {
    const files = broken((f) => {
      const job = at(f, PR, "jobs", "plan-aws-dev");
      job.steps = (job.steps as unknown[]).slice(1);
    });
    expect(run(files)).toEqual([["error", "identity-trust", "aws-dev", "pull-request.yml job plan-aws-dev"]]);
  });
});

describe("the repository's committed artefacts", () => {
  // The current broken links of the reference platform; update when the artefacts change.
  test("findings", () => {
    const root = path.join(__dirname, "..", "..", "..");
    const { report } = doctor({ ...PATHS, cwd: root });
    expect(report.findings.map((f) => `${f.severity} ${f.ruleId} ${f.stack}: ${f.address}`)).toMatchSnapshot();
  });
});

describe("robust to other shapes", () => {
  test("tofu-controller installed outside Landform: the agent's identity is the one role trusting its service account", () => {
    const files = broken((f) => delete at(f, ADDONS, "resource").helm_release);
    // no release: the image is not known either, so it is declared
    expect(run(files, { runners: { ...RUNNERS, "ghcr.io/flux-iac/tf-runner": ["tofu", "aws"] } })).toEqual([]);
  });

  test("an environment chosen by an expression is reported, not guessed", () => {
    const files = broken((f) => {
      at(f, DEPLOY, "jobs", "apply-aws-dev").environment = "${{ inputs.environment }}";
    });
    const findings = run(files);
    expect(findings).toContainEqual(["warning", "unreadable", "aws-dev", "deploy.yml job apply-aws-dev"]);
    expect(findings.every((x) => x[0] === "warning" || x[1] === "identity-trust")).toBe(true);
  });

  test("runner groups: a PR plan in the group of the gated apply", () => {
    const files = broken((f) => {
      at(f, DEPLOY, "jobs", "apply-aws-prod-addons")["runs-on"] = { group: "prod", labels: ["apply-runner"] };
      at(f, PR, "jobs", "plan-aws-prod-addons")["runs-on"] = { group: "prod" };
    });
    expect(run(files, { runners: { ...RUNNERS, "group:prod": ["aws"] } })).toEqual([
      [
        "error",
        "pr-runner-isolation",
        "aws-prod-addons",
        "pull-request.yml job plan-aws-prod-addons -> runner group:prod",
      ],
    ]);
  });

  test("an agent object whose path is no stack", () => {
    const files = broken((f) => {
      at(f, "gitops/aws-dev-cluster/terraform-aws-dev-workloads.yaml", "spec").path = "./elsewhere";
    });
    expect(run(files)).toEqual([
      ["error", "one-applier", "aws-dev-workloads", "aws-dev-workloads"],
      ["warning", "unreadable", "", "agent aws-dev-cluster flux-system/aws-dev-workloads"],
    ]);
  });

  test("a matrix job applying several stacks", () => {
    const files = broken((f) => {
      const jobs = at(f, DEPLOY, "jobs");
      const job = jobs["apply-aws-dev"] as { steps: Record<string, unknown>[]; strategy?: unknown };
      job.strategy = { matrix: { stack: ["aws-dev"] } };
      for (const step of job.steps)
        if (step["working-directory"]) step["working-directory"] = "terraform/stacks/${{ matrix.stack }}";
    });
    expect(run(files)).toEqual([]);
  });
});

describe("GCP links: workload identity federation, GCS conditions, GKE roles", () => {
  const gcp = () => copy(healthy(["dev"], ["qa"], ["qa"]));
  const BOOT = "terraform/stacks/bootstrap-gcp-qa/cdk.tf.json";
  const GADDONS = "terraform/stacks/gcp-qa-addons/cdk.tf.json";
  const edit = (change: (f: Files) => void) => {
    const files = gcp();
    change(files);
    return files;
  };

  test("every link holds", () => {
    expect(run(gcp())).toEqual([]);
  });

  test("identity-trust: the apply account federates another environment's subject", () => {
    const files = edit((f) => {
      const m = at(f, BOOT, "resource", "google_service_account_iam_member", "apply");
      m.member = (m.member as string).replace("environment:qa", "environment:prod");
    });
    expect(run(files)).toEqual([
      [
        "error",
        "identity-trust",
        "gcp-qa",
        "deploy.yml job apply-gcp-qa -> service account landform-apply@acme-qa.iam.gserviceaccount.com",
      ],
      [
        "error",
        "identity-trust",
        "gcp-qa-addons",
        "deploy.yml job apply-gcp-qa-addons -> service account landform-apply@acme-qa.iam.gserviceaccount.com",
      ],
    ]);
  });

  test("identity-trust: the provider's attribute condition names another repository", () => {
    const files = edit((f) => {
      at(f, BOOT, "resource", "google_iam_workload_identity_pool_provider", "github").attribute_condition =
        'assertion.repository == "acme/other"';
    });
    expect(run(files).map((x) => `${x[1]} ${x[3]}`)).toEqual([
      "identity-trust deploy.yml job apply-gcp-qa -> service account landform-apply@acme-qa.iam.gserviceaccount.com",
      "identity-trust pull-request.yml job plan-gcp-qa -> service account landform-plan@acme-qa.iam.gserviceaccount.com",
      "identity-trust deploy.yml job apply-gcp-qa-addons -> service account landform-apply@acme-qa.iam.gserviceaccount.com",
      "identity-trust pull-request.yml job plan-gcp-qa-addons -> service account landform-plan@acme-qa.iam.gserviceaccount.com",
    ]);
  });

  test("state-access: the apply account's bucket grant is for another prefix", () => {
    const files = edit((f) => {
      const c = at(f, BOOT, "resource", "google_storage_bucket_iam_member", "apply", "condition");
      c.expression = (c.expression as string).replace("landform/gcp-qa", "landform/elsewhere");
    });
    expect(run(files)).toEqual([
      [
        "error",
        "state-access",
        "gcp-qa",
        "deploy.yml job apply-gcp-qa -> service account landform-apply@acme-qa.iam.gserviceaccount.com -> state",
      ],
      [
        "error",
        "state-access",
        "gcp-qa-addons",
        "deploy.yml job apply-gcp-qa-addons -> service account landform-apply@acme-qa.iam.gserviceaccount.com -> state",
      ],
    ]);
  });

  test("state-access: the plan account's lock grant lost its condition", () => {
    const files = edit(
      (f) => delete at(f, BOOT, "resource", "google_storage_bucket_iam_member", "planLocks").condition,
    );
    expect(run(files)).toEqual([
      [
        "error",
        "state-access",
        "gcp-qa",
        "pull-request.yml job plan-gcp-qa -> service account landform-plan@acme-qa.iam.gserviceaccount.com -> state",
      ],
      [
        "error",
        "state-access",
        "gcp-qa-addons",
        "pull-request.yml job plan-gcp-qa-addons -> service account landform-plan@acme-qa.iam.gserviceaccount.com -> state",
      ],
    ]);
  });

  test("cluster-access: the agent's account is bound in RBAC but has no project role to reach the API", () => {
    const files = edit((f) => delete at(f, GADDONS, "resource").google_project_iam_member);
    expect(run(files)).toEqual([
      [
        "error",
        "cluster-access",
        "gcp-qa-workloads",
        "agent gcp-qa-cluster flux-system/gcp-qa-workloads -> service account gcp-qa-runner@acme-qa.iam.gserviceaccount.com -> cluster gcp-qa-cluster",
      ],
    ]);
  });

  test("cluster-access: the agent's account lost its cluster-admin binding", () => {
    const files = edit((f) => delete at(f, GADDONS, "resource").kubernetes_cluster_role_binding_v1);
    expect(run(files).map((x) => `${x[0]} ${x[1]} ${x[2]}`)).toEqual(["error cluster-access gcp-qa-workloads"]);
  });

  test("identity-trust: the provider admits environment subjects from another workflow only", () => {
    const files = edit((f) => {
      const p = at(f, BOOT, "resource", "google_iam_workload_identity_pool_provider", "github");
      p.attribute_condition = (p.attribute_condition as string).replace("deploy.yml", "release.yml");
    });
    expect(run(files).map((x) => `${x[1]} ${x[3]}`)).toEqual([
      "identity-trust deploy.yml job apply-gcp-qa -> service account landform-apply@acme-qa.iam.gserviceaccount.com",
      "identity-trust deploy.yml job apply-gcp-qa-addons -> service account landform-apply@acme-qa.iam.gserviceaccount.com",
    ]);
  });

  test("runner-commands: without setup-gcloud the hosted runner has no gke-gcloud-auth-plugin", () => {
    const files = edit((f) => {
      const job = at(f, DEPLOY, "jobs", "apply-gcp-qa-addons");
      job.steps = (job.steps as { uses?: string }[]).filter(
        (s) => !s.uses?.startsWith("google-github-actions/setup-gcloud"),
      );
    });
    expect(run(files)).toEqual([
      ["error", "runner-commands", "gcp-qa-addons", "deploy.yml job apply-gcp-qa-addons -> runner ubuntu-24.04"],
    ]);
  });

  test("unreadable: a bucket condition doctor cannot evaluate", () => {
    const files = edit((f) => {
      const c = at(f, GADDONS, "resource", "google_storage_bucket_iam_member", "runner", "condition");
      c.expression = `${c.expression as string} && request.time < timestamp("2030-01-01T00:00:00Z")`;
    });
    expect(run(files)).toEqual([
      [
        "warning",
        "unreadable",
        "gcp-qa-workloads",
        "agent gcp-qa-cluster flux-system/gcp-qa-workloads -> service account gcp-qa-runner@acme-qa.iam.gserviceaccount.com -> state",
      ],
    ]);
  });
});
