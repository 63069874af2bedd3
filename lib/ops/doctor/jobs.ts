import * as path from "path";
import { isObject } from "../../core/is-object";
import { Claims, IdentityFacts, IdentityRef } from "./identity";
import { Applier, Context, DoctorOptions, HOSTED_UBUNTU, imageCommands, Runner, stackOfDir } from "./model";
import { Artefacts, WorkflowFile } from "./read";
import { blocks, str } from "./terraform";

/** The events a workflow runs on, with the branches of `push`. */
function triggers(json: Record<string, unknown>): Map<string, unknown> {
  const on = json.on ?? json.true; // YAML 1.1 readers turn `on` into true
  if (typeof on === "string") return new Map([[on, {}]]);
  if (Array.isArray(on)) return new Map(on.filter((e): e is string => typeof e === "string").map((e) => [e, {}]));
  return new Map(Object.entries(isObject(on) ? on : {}));
}

export function pushBranch(workflows: readonly WorkflowFile[]): string | undefined {
  const branches = new Set<string>();
  for (const w of workflows) {
    const push = triggers(w.json).get("push");
    if (isObject(push) && Array.isArray(push.branches))
      push.branches
        .filter((b): b is string => typeof b === "string" && !/[*?[]/.test(b))
        .forEach((b) => branches.add(b));
  }
  return branches.size === 1 ? [...branches][0] : undefined;
}

const TF_STEP = /\b(terraform|tofu)\b(?:\s+-chdir=("[^"]+"|\S+))?[^\n]*?\s(apply|plan)\b/g;

export function workflowAppliers(w: WorkflowFile, c: Context): Applier[] {
  const on = triggers(w.json);
  const pullRequest = on.has("pull_request") || on.has("pull_request_target");
  const jobs = w.json.jobs as Record<string, unknown>;
  const out: Applier[] = [];
  for (const [jobId, raw] of Object.entries(jobs)) {
    if (!isObject(raw)) continue;
    const steps = Array.isArray(raw.steps) ? raw.steps.filter(isObject) : [];
    const defaults = isObject(raw.defaults) && isObject(raw.defaults.run) ? raw.defaults.run : {};
    const found: { dir: string; verb: string }[] = [];
    for (const step of steps) {
      if (typeof step.run !== "string") continue;
      for (const m of step.run.matchAll(TF_STEP)) {
        const dir = m[2]?.replace(/^"|"$/g, "") ?? step["working-directory"] ?? defaults["working-directory"] ?? ".";
        found.push({ dir: String(dir), verb: m[3] });
      }
    }
    if (found.length === 0) continue;
    const role = found.some((f) => f.verb === "apply") ? "apply" : "plan";
    const environment = environmentOf(raw.environment);
    const id = `${path.basename(w.file)} job ${jobId}`;
    const dirs = [...new Set(found.filter((f) => role === "plan" || f.verb === "apply").map((f) => f.dir))];
    const stacks = dirs.flatMap((d) => expandMatrix(d, raw.strategy)).map((d) => stackOfDir(d, c.stacks));
    for (const s of stacks)
      if (s.stack === undefined)
        c.unreadable.push({
          file: w.file,
          stack: "",
          address: id,
          message: `runs terraform in ${s.dir}, which is no stack in the artefacts`,
        });
    const identity = jobIdentity(steps);
    const claims = jobClaims(w, raw, on, environment, c);
    const runner = jobRunner(raw, steps, c.options);
    const needs = transitiveNeeds(jobs, jobId);
    for (const { stack } of stacks) {
      if (stack === undefined) continue;
      out.push({
        kind: "job",
        role,
        id,
        file: w.file,
        stack,
        environment: environment?.name,
        gated: false, // set from the pipeline's gated environments below
        identity: identity.identity,
        identityProblem: identity.problem,
        identityUnreadable: identity.unreadable,
        claims: claims.claims,
        claimsProblem: claims.problem,
        runner,
        group: w.file,
        after: needs,
        key: jobId,
        pullRequest,
      });
      if (environment?.expression)
        c.unreadable.push({
          file: w.file,
          stack,
          address: id,
          message: `its environment ${environment.name} is an expression`,
        });
    }
  }
  return out;
}

function environmentOf(value: unknown): { name: string; expression: boolean } | undefined {
  const name =
    typeof value === "string" ? value : isObject(value) && typeof value.name === "string" ? value.name : undefined;
  return name === undefined ? undefined : { name, expression: name.includes("${{") };
}

/** `terraform/stacks/${{ matrix.stack }}` for each value of a literal matrix list. */
function expandMatrix(dir: string, strategy: unknown): string[] {
  const m = /\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}/.exec(dir);
  if (!m) return [dir];
  const matrix = isObject(strategy) && isObject(strategy.matrix) ? strategy.matrix : {};
  const values = [
    ...(Array.isArray(matrix[m[1]]) ? (matrix[m[1]] as unknown[]) : []),
    ...(Array.isArray(matrix.include) ? matrix.include.filter(isObject).map((i) => i[m[1]]) : []),
  ].filter((v): v is string => typeof v === "string");
  return values.length > 0 ? values.map((v) => dir.replace(m[0], v)) : [dir];
}

function jobIdentity(steps: Record<string, unknown>[]): {
  identity?: IdentityRef;
  problem?: string;
  unreadable?: boolean;
} {
  for (const step of steps) {
    const uses = typeof step.uses === "string" ? step.uses.split("@")[0] : "";
    const w = isObject(step.with) ? step.with : {};
    if (uses === "aws-actions/configure-aws-credentials" && w["role-to-assume"] !== undefined) {
      const arn = String(w["role-to-assume"]);
      const role = IdentityFacts.roleRefOfArn(arn);
      if (arn.includes("${{") || role === undefined)
        return {
          problem: `its role-to-assume ${arn} cannot be read (an expression or not a role ARN)`,
          unreadable: true,
        };
      return { identity: role };
    }
    if (uses === "google-github-actions/auth") {
      const sa = w.service_account;
      const provider = w.workload_identity_provider;
      if (typeof sa !== "string" || sa.includes("${{"))
        return {
          problem: "its google-github-actions/auth step names no service account doctor can read",
          unreadable: true,
        };
      return {
        identity: {
          kind: "service-account",
          name: sa,
          provider: typeof provider === "string" && !provider.includes("${{") ? provider : undefined,
        },
      };
    }
  }
  return {
    problem: "no step takes a cloud identity (aws-actions/configure-aws-credentials or google-github-actions/auth)",
  };
}

/**
 * The claims of a job's OIDC token, one per way it runs (event and ref): the subject in GitHub's
 * immutable format (`repo:OWNER@OWNER_ID/NAME@REPOSITORY_ID:...`) when the repository's ids are
 * known, else `repo:OWNER/NAME:...`; the repository and owner ids, the environment, the ref (the
 * branch pushed to, the default branch for schedules and dispatches, `refs/pull/{number}/merge` for
 * pull requests), and `job_workflow_ref` (this workflow file at that ref).
 * https://docs.github.com/en/actions/reference/security/oidc#oidc-token-claims
 */
function jobClaims(
  w: WorkflowFile,
  job: Record<string, unknown>,
  on: Map<string, unknown>,
  environment: { name: string } | undefined,
  c: Context,
): { claims: Claims[]; problem?: string } {
  const repo = c.repository;
  if (repo === undefined)
    return { claims: [], problem: "the repository is not known (no GitHub GitRepository; pass repository)" };
  const [owner, name] = repo.split("/");
  const ids = c.repositoryIds;
  const prefix = ids ? `repo:${owner}@${ids.owner}/${name}@${ids.repository}` : `repo:${repo}`;
  const claims: Claims[] = [];
  const add = (event: string, ref: string, context: string) =>
    claims.push({
      sub: `${prefix}:${environment ? `environment:${environment.name}` : context}`,
      repository: repo,
      repository_owner: owner,
      repository_id: ids?.repository,
      repository_owner_id: ids?.owner,
      environment: environment?.name,
      ref,
      job_workflow_ref: `${repo}/${w.file.replace(/^\.\//, "")}@${ref}`,
      event_name: event,
    });
  // A job whose condition needs the pull request's head repository runs for pull requests only.
  const prOnly = typeof job.if === "string" && /github\.event\.pull_request\.head\.repo\.full_name\s*==/.test(job.if);
  for (const [event, config] of on) {
    if (event === "pull_request" || event === "pull_request_target") {
      // pull_request_target runs in the base branch's context; its ref is the base branch.
      const ref = event === "pull_request" ? "refs/pull/{number}/merge" : undefined;
      if (ref !== undefined) add(event, ref, "pull_request");
      else
        for (const b of literalBranches(config) ?? (c.defaultBranch ? [c.defaultBranch] : []))
          add(event, `refs/heads/${b}`, "pull_request");
    } else if (prOnly) continue;
    else if (event === "push") {
      const branches = literalBranches(config);
      if (branches === undefined)
        return { claims, problem: "it runs on push to branches doctor cannot list (no list, or patterns)" };
      branches.forEach((b) => add(event, `refs/heads/${b}`, `ref:refs/heads/${b}`));
    } else if (event === "schedule" || event === "workflow_dispatch") {
      if (c.defaultBranch === undefined)
        return { claims, problem: "the default branch is not known; pass defaultBranch" };
      add(event, `refs/heads/${c.defaultBranch}`, `ref:refs/heads/${c.defaultBranch}`);
    } else if (event === "merge_group") {
      const ref = `refs/heads/gh-readonly-queue/${c.defaultBranch ?? "{base}"}/pr-{number}-{sha}`;
      add(event, ref, `ref:${ref}`);
    }
  }
  const seen = new Set<string>();
  return { claims: claims.filter((x) => !seen.has(`${x.sub} ${x.ref}`) && seen.add(`${x.sub} ${x.ref}`)) };
}

function literalBranches(config: unknown): string[] | undefined {
  const branches = isObject(config) && Array.isArray(config.branches) ? config.branches : [];
  if (branches.length === 0 || branches.some((b) => typeof b !== "string" || /[*?[]/.test(b))) return undefined;
  return branches as string[];
}

/** The job env the pipeline generator records a self-hosted runner's declared commands in. */
export const RUNNER_PROVIDES_ENV = "LANDFORM_RUNNER_PROVIDES";

function runsOn(job: Record<string, unknown>): string[] {
  const r = job["runs-on"];
  if (typeof r === "string") return [r];
  if (Array.isArray(r)) return r.filter((l): l is string => typeof l === "string");
  if (isObject(r)) {
    const labels = typeof r.labels === "string" ? [r.labels] : Array.isArray(r.labels) ? r.labels : [];
    return [
      ...(typeof r.group === "string" ? [`group:${r.group}`] : []),
      ...labels.filter((l): l is string => typeof l === "string"),
    ];
  }
  return [];
}

function jobRunner(job: Record<string, unknown>, steps: Record<string, unknown>[], options: DoctorOptions): Runner {
  const labels = runsOn(job);
  const hosted = labels.length === 1 && /^(ubuntu|windows|macos)-/.test(labels[0]);
  const provides = new Set<string>(hosted && labels[0].startsWith("ubuntu-") ? HOSTED_UBUNTU : []);
  let complete = false;
  const container = isObject(job.container) ? job.container.image : job.container;
  if (typeof container === "string") {
    const known = imageCommands(container, options);
    known?.forEach((c) => provides.add(c));
    complete = known !== undefined;
  }
  for (const label of labels) options.runners?.[label]?.forEach((cmd) => provides.add(cmd));
  // What the pipeline declaration states the self-hosted runner provides (PrivateRunner.selfHosted
  // `provides`); the job's exec check verifies it on the runner. Stated, it is the runner's list.
  const env = isObject(job.env) ? job.env : {};
  const declared =
    typeof env[RUNNER_PROVIDES_ENV] === "string" ? env[RUNNER_PROVIDES_ENV].split(/\s+/).filter(Boolean) : undefined;
  declared?.forEach((cmd) => provides.add(cmd));
  if (declared !== undefined) complete = true;
  for (const step of steps) {
    const uses = typeof step.uses === "string" ? step.uses.split("@")[0] : "";
    const w = isObject(step.with) ? step.with : {};
    if (uses === "google-github-actions/setup-gcloud") {
      provides.add("gcloud");
      String(w.install_components ?? "")
        .split(/[\s,]+/)
        .filter(Boolean)
        .forEach((c) => provides.add(c));
    }
    if (typeof step.run === "string")
      for (const m of step.run.matchAll(/gcloud components install ([^\n;&|]+)/g))
        m[1]
          .split(/\s+/)
          .filter((x) => x && !x.startsWith("-"))
          .forEach((x) => provides.add(x));
  }
  return { name: labels.join(", ") || "(no runs-on)", labels, hosted, provides, complete: complete || hosted };
}

function transitiveNeeds(jobs: Record<string, unknown>, id: string): string[] {
  const out = new Set<string>();
  const todo = [id];
  while (todo.length > 0) {
    const job = jobs[todo.pop()!];
    const needs = isObject(job) ? job.needs : undefined;
    for (const n of typeof needs === "string" ? [needs] : Array.isArray(needs) ? needs : [])
      if (typeof n === "string" && !out.has(n)) {
        out.add(n);
        todo.push(n);
      }
  }
  return [...out];
}

/**
 * The environments the pipeline gates: `github_repository_environment` resources with reviewers,
 * and environments every apply job of which first requires an approved pull request (the step
 * `approvalMode: "pull-request"` generates: it lists the pull requests of the commit and fails unless
 * one merged into the trunk has `REQUIRED` >= 1 approvals). A job's name (`(approval)`) is no gate.
 */
export function gated(artefacts: Artefacts): Set<string> {
  const out = new Set<string>();
  for (const b of blocks(artefacts.stacks, "resource", ["github_repository_environment"]))
    if (
      (Array.isArray(b.body.reviewers) ? b.body.reviewers : [b.body.reviewers]).some(
        (r) => isObject(r) && Object.values(r).some((v) => Array.isArray(v) && v.length > 0),
      )
    )
      out.add(str(b, "environment") ?? "");
  const byEnv = new Map<string, boolean[]>();
  for (const w of artefacts.workflows)
    for (const raw of Object.values(w.json.jobs as Record<string, unknown>)) {
      if (!isObject(raw)) continue;
      const env = environmentOf(raw.environment);
      const steps = Array.isArray(raw.steps) ? raw.steps.filter(isObject) : [];
      const applyAt = steps.findIndex(
        (st) => typeof st.run === "string" && /\b(terraform|tofu)\b[^\n]*\sapply\b/.test(st.run),
      );
      if (env === undefined || env.expression || applyAt < 0) continue;
      byEnv.set(env.name, [...(byEnv.get(env.name) ?? []), steps.slice(0, applyAt).some(requiresApprovedPullRequest)]);
    }
  for (const [env, jobs] of byEnv) if (jobs.every(Boolean)) out.add(env);
  return out;
}

/** The pull-request approval gate (lib/pipeline/governance/approval.ts): its script and a required count >= 1. */
function requiresApprovedPullRequest(step: Record<string, unknown>): boolean {
  const env = isObject(step.env) ? step.env : {};
  return (
    typeof step.run === "string" &&
    step.run.includes("/commits/$SHA/pulls") &&
    /APPROVED/.test(step.run) &&
    Number(env.REQUIRED) >= 1
  );
}
