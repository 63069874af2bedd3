import { Finding, RuleInfo, Severity } from "../../findings/finding";
import { Claims, identityKey, IdentityRef, Verdict } from "./identity";
import { Applier, ClusterRef, Loop, StackNode } from "./loop";
import { isObject } from "../../core/is-object";
import { IdentityFacts } from "./identity";
import { blocks, first, resolve, str, strs } from "./terraform";

/** Project roles with container.clusters.get (https://cloud.google.com/kubernetes-engine/docs/how-to/iam). */
const CLUSTER_GET = new Set([
  "roles/owner",
  "roles/editor",
  "roles/viewer",
  "roles/container.admin",
  "roles/container.clusterAdmin",
  "roles/container.developer",
  "roles/container.viewer",
  "roles/container.clusterViewer",
]);

/** The links doctor checks, in the order reports list them. */
export const DOCTOR_RULES: readonly RuleInfo[] = [
  {
    id: "one-applier",
    severity: "error",
    title: "Every stack has exactly one applier",
    rationale: "A stack nothing applies never changes; two appliers (two engines) write one state in turns.",
    remediation: "apply it from one place: a pipeline job, or an agent object, not both",
  },
  {
    id: "identity-trust",
    severity: "error",
    title: "The applier's identity trusts the claims the applier presents",
    rationale: "A trust that does not match the job's or agent's claims fails at the first credential exchange.",
    remediation:
      "make the identity's trust name the repository, environment, branch or service account the applier presents",
  },
  {
    id: "state-access",
    severity: "error",
    title: "An applier's identity can write its stack's state; a plan identity cannot",
    rationale: "Apply fails at init without state write; a plan identity with write lets a pull request change state.",
    remediation:
      "grant the applier's identity write on the state bucket and prefix, and the plan identity read (and lock files) only",
  },
  {
    id: "cluster-access",
    severity: "error",
    title: "A stack that reaches a cluster is applied by an identity with access to it",
    rationale:
      "The kubernetes and helm providers authenticate as the applier; without an access entry or RBAC binding every call is Unauthorized.",
    remediation:
      "give the applier's identity an EKS access entry with an access policy, or a GKE role (roles/container.admin) or RBAC binding",
  },
  {
    id: "runner-commands",
    severity: "error",
    title: "The runner provides every command the stack's providers exec",
    rationale: "A provider that execs a missing command (aws, gke-gcloud-auth-plugin) fails with executable not found.",
    remediation: "run the stack on a runner or image that has the command, or install it in a step",
  },
  {
    id: "approval-parity",
    severity: "error",
    title: "The pipeline and the agent gate the same environments",
    rationale: "An environment gated in one and auto-applied in the other has no approval, or waits forever.",
    remediation:
      "use one approval list for the pipeline and the agent (approvePlan: auto only where the pipeline applies without approval)",
  },
  {
    id: "pr-runner-isolation",
    severity: "error",
    title: "Pull request plans do not share runners with gated applies",
    rationale:
      "A pull request's steps run on the runner; on a persistent runner that also applies a gated environment, they bypass its approval.",
    remediation: "give pull request plans their own runner labels (or group), apart from the gated apply runners",
  },
  {
    id: "apply-order",
    severity: "error",
    title: "A stack is applied after the stacks it depends on",
    rationale: "Applied before its dependencies, a stack reads outputs and objects that do not exist yet.",
    remediation: "make its job need the dependency's job, or its agent object dependsOn the dependency's object",
  },
  {
    id: "unreadable",
    severity: "warning",
    title: "Every fact a link needs can be read from the artefacts",
    rationale: "Doctor reports what it cannot read instead of guessing that the link holds.",
    remediation: "make the fact literal in the artefacts, or tell doctor (--repository, --default-branch, --runner)",
  },
];

const RULE = new Map(DOCTOR_RULES.map((r) => [r.id, r]));

function finding(
  ruleId: string,
  stack: string,
  address: string,
  file: string | undefined,
  message: string,
  remediation?: string,
  severity?: Severity,
): Finding {
  const rule = RULE.get(ruleId)!;
  return {
    ruleId,
    severity: severity ?? rule.severity,
    title: rule.title,
    message,
    remediation: remediation ?? rule.remediation,
    stack,
    address,
    file,
    suppressed: false,
  };
}

const shown = (i: IdentityRef) => (i.kind === "role" ? `role ${i.name}` : `service account ${i.name}`);

/** What every check reads besides the loop: appliers by stack, stacks by name, and the unreadable-fact reporter. */
interface Context {
  readonly with: (out: Finding[]) => {
    readonly byStack: ReadonlyMap<string, readonly Applier[]>;
    readonly stackOf: ReadonlyMap<string, StackNode>;
    readonly unknown: (stack: string, address: string, file: string | undefined, message: string) => void;
  };
}

/** The checks, in report order; `unreadable` facts are reported by each check and by the loop. */
const CHECKS: readonly ((loop: Loop, c: Context) => Finding[])[] = [
  oneApplier,
  agentHome,
  identityTrust,
  stateAccess,
  clusterAccessCheck,
  runnerCommands,
  approvalParity,
  prRunnerIsolation,
  applyOrder,
];

/** Every broken link of the loop (the index sorts them by rule, then stack). */
export function checkLoop(loop: Loop): Finding[] {
  const byStack = new Map<string, Applier[]>();
  for (const a of loop.appliers) if (a.role === "apply") byStack.set(a.stack, [...(byStack.get(a.stack) ?? []), a]);
  const stackOf = new Map(loop.stacks.map((s) => [s.name, s]));
  const context: Context = {
    with: (out) => ({
      byStack,
      stackOf,
      unknown: (stack, address, file, message) => out.push(finding("unreadable", stack, address, file, message)),
    }),
  };
  return [
    ...CHECKS.flatMap((check) => check(loop, context)),
    ...loop.unreadable.map((u) => finding("unreadable", u.stack, u.address, u.file, u.message)),
  ];
}

/** Stacks with a remote backend and no applier, or several. */
function oneApplier(loop: Loop, c: Context): Finding[] {
  const out: Finding[] = [];
  const { byStack } = c.with(out);
  for (const s of loop.stacks) {
    if (s.state.kind === "local") continue; // a local state is applied by a person, on one machine
    const appliers = byStack.get(s.name) ?? [];
    if (appliers.length === 0)
      out.push(
        finding(
          "one-applier",
          s.name,
          s.name,
          s.file,
          `no pipeline job or agent object applies ${s.name}`,
          "add it to the pipeline, or give it to the agent",
        ),
      );
    else if (appliers.length > 1)
      out.push(
        finding(
          "one-applier",
          s.name,
          appliers.map((a) => a.id).join(" + "),
          appliers[0].file,
          `${s.name} has ${appliers.length} appliers: ${appliers.map((a) => a.id).join(", ")}`,
          appliers.some((a) => a.kind === "agent") && appliers.some((a) => a.kind === "job")
            ? "let the agent apply only the stacks the pipeline skips (or skip this stack in the pipeline)"
            : "keep one of them",
        ),
      );
  }
  return out;
}

/** An agent whose own objects are declared in a stack only it applies: nothing creates it (deadlock). */
function agentHome(loop: Loop, c: Context): Finding[] {
  const out: Finding[] = [];
  const { byStack, stackOf } = c.with(out);
  for (const [agent, homes] of loop.agentHomes)
    for (const home of homes) {
      const appliers = byStack.get(home) ?? [];
      if (appliers.length > 0 && appliers.every((a) => a.kind === "agent" && a.cluster === agent))
        out.push(
          finding(
            "one-applier",
            home,
            `${home} -> agent ${agent}`,
            stackOf.get(home)?.file,
            `the objects of agent ${agent} are declared in ${home}, which only that agent applies: nothing creates the agent`,
            `declare the agent's objects in a stack the pipeline applies (an <env>-agent stack), or apply gitops/${agent} first`,
          ),
        );
    }
  return out;
}

/** Appliers without an identity, or whose identity does not trust the claims they present. */
function identityTrust(loop: Loop, c: Context): Finding[] {
  const out: Finding[] = [];
  const { unknown } = c.with(out);
  for (const a of loop.appliers) {
    if (a.identity === undefined) {
      if (a.identityUnreadable)
        unknown(a.stack, a.id, a.file, `the identity of ${a.id} cannot be told: ${a.identityProblem}`);
      else
        out.push(
          finding(
            "identity-trust",
            a.stack,
            a.id,
            a.file,
            `${a.id} takes no cloud identity: ${a.identityProblem}`,
            "take the stack's identity in the job (configure-aws-credentials, google-github-actions/auth) or annotate the runner service account",
          ),
        );
      continue;
    }
    if (a.claimsProblem !== undefined)
      unknown(a.stack, a.id, a.file, `the claims of ${a.id} cannot be told: ${a.claimsProblem}`);
    const rejected: Claims[] = [];
    let why: string | undefined;
    for (const c of a.claims) {
      const v = loop.facts.trusts(a.identity, c, a.cluster);
      if (v === false) rejected.push(c);
      else if (v !== true) why = v.unknown;
    }
    const link = `${a.id} -> ${shown(a.identity)}`;
    if (rejected.length > 0)
      out.push(
        finding(
          "identity-trust",
          a.stack,
          link,
          a.file,
          `${shown(a.identity)} does not trust ${rejected.map((c) => c.sub).join(", ")}, which ${a.id} presents`,
        ),
      );
    else if (why !== undefined)
      unknown(a.stack, link, a.file, `cannot tell whether ${shown(a.identity)} trusts ${a.id}: ${why}`);
  }
  return out;
}

/** Appliers that cannot write their stack's state; plan jobs that can. */
function stateAccess(loop: Loop, c: Context): Finding[] {
  const out: Finding[] = [];
  const { stackOf, unknown } = c.with(out);
  const seen = new Set<string>();
  for (const a of loop.appliers) {
    const s = stackOf.get(a.stack)!;
    if (a.identity === undefined || s.state.kind === "local") continue;
    const key = `${a.role} ${identityKey(a.identity)} ${s.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const link = `${a.id} -> ${shown(a.identity)} -> state`;
    if ((s.state.kind !== "s3" && s.state.kind !== "gcs") || !s.state.bucket || !s.state.key) {
      unknown(s.name, link, s.file, `the ${s.state.kind} backend of ${s.name} names no bucket and key doctor can read`);
      continue;
    }
    const where = `${s.state.kind}://${s.state.bucket}/${s.state.key}`;
    const v = loop.facts.canWrite(a.identity, s.state.bucket, s.state.key);
    if (a.role === "apply" && v === false)
      out.push(
        finding(
          "state-access",
          s.name,
          link,
          a.file,
          `${shown(a.identity)} (applier) cannot write the state ${where}`,
          `grant ${shown(a.identity)} read and write on ${s.state.bucket} under the stack's prefix`,
        ),
      );
    else if (a.role === "plan" && v === true)
      out.push(
        finding(
          "state-access",
          s.name,
          link,
          a.file,
          `${shown(a.identity)} (plan only) can write the state ${where}`,
          `grant ${shown(a.identity)} read on the state and write on lock files (*.tflock) only`,
        ),
      );
    else if (v !== true && v !== false)
      unknown(s.name, link, a.file, `cannot tell whether ${shown(a.identity)} can write ${where}: ${v.unknown}`);
  }
  return out;
}

/** Appliers of stacks whose providers reach a cluster, without access to it. */
function clusterAccessCheck(loop: Loop, c: Context): Finding[] {
  const out: Finding[] = [];
  const { stackOf, unknown } = c.with(out);
  for (const a of loop.appliers) {
    if (a.role !== "apply" || a.identity === undefined) continue;
    for (const c of stackOf.get(a.stack)!.clusters) {
      if ("unknown" in c) continue; // reported as unreadable with the stack
      const link = `${a.id} -> ${shown(a.identity)} -> cluster ${c.name}`;
      const v = clusterAccess(loop, a.identity, c);
      if (v === false)
        out.push(
          finding(
            "cluster-access",
            a.stack,
            link,
            a.file,
            `${shown(a.identity)} has no access entry or RBAC binding on ${c.kind.toUpperCase()} cluster ${c.name}, which ${a.stack}'s providers reach`,
            c.kind === "eks"
              ? `add an aws_eks_access_entry for ${a.identity.name} on ${c.name} with an access policy association`
              : `grant ${a.identity.name} roles/container.admin on ${c.project ?? "the cluster's project"}, or bind it in the cluster's RBAC`,
          ),
        );
      else if (v !== true)
        unknown(a.stack, link, a.file, `cannot tell whether ${shown(a.identity)} can reach ${c.name}: ${v.unknown}`);
    }
  }
  return out;
}

/** Runners without a command the stack's providers exec. */
function runnerCommands(loop: Loop, c: Context): Finding[] {
  const out: Finding[] = [];
  const { stackOf, unknown } = c.with(out);
  for (const a of loop.appliers) {
    const s = stackOf.get(a.stack)!;
    const missing = s.exec.filter((cmd) => !a.runner.provides.has(cmd));
    if (missing.length === 0) continue;
    const link = `${a.id} -> runner ${a.runner.name}`;
    const list = missing.map((m) => `\`${m}\``).join(", ");
    if (a.runner.complete)
      out.push(
        finding(
          "runner-commands",
          s.name,
          link,
          a.file,
          `runner ${a.runner.name} does not provide ${list}, which ${s.name}'s providers exec`,
          a.kind === "agent"
            ? `run ${s.name} in a runner image with ${list} (spec.runnerPodTemplate.spec.image or the chart's runner.image)`
            : `install ${list} in a step, or run the job on a runner that has it`,
        ),
      );
    else
      unknown(
        s.name,
        link,
        a.file,
        `cannot tell whether runner ${a.runner.name} provides ${list}, which ${s.name}'s providers exec`,
      );
  }
  return out;
}

/** Agent objects whose approval differs from the pipeline's for their environment. */
function approvalParity(loop: Loop): Finding[] {
  const out: Finding[] = [];
  const pipelineEnvs = new Set(
    loop.appliers.filter((a) => a.kind === "job" && a.role === "apply").map((a) => a.environment),
  );
  for (const a of loop.appliers) {
    if (a.kind !== "agent" || a.environment === undefined) continue;
    const env = a.environment;
    if (loop.gatedEnvironments.has(env) && !a.gated)
      out.push(
        finding(
          "approval-parity",
          a.stack,
          a.id,
          a.file,
          `${env} is gated in the pipeline, but ${a.id} applies ${a.stack} with approvePlan: auto`,
          `leave approvePlan unset for ${env} (approve each plan), as the pipeline gates it`,
        ),
      );
    else if (!loop.gatedEnvironments.has(env) && pipelineEnvs.has(env) && a.gated)
      out.push(
        finding(
          "approval-parity",
          a.stack,
          a.id,
          a.file,
          `${env} is applied without approval in the pipeline, but ${a.id} waits for an approval`,
          `gate ${env} in the pipeline too, or set approvePlan: auto`,
        ),
      );
  }
  return out;
}

/** Pull request jobs on self-hosted labels a gated apply job's runner also has. */
function prRunnerIsolation(loop: Loop): Finding[] {
  const out: Finding[] = [];
  const gatedApplies = loop.appliers.filter(
    (a) => a.kind === "job" && a.role === "apply" && a.gated && !a.runner.hosted,
  );
  for (const a of loop.appliers) {
    if (!a.pullRequest || a.runner.hosted || a.runner.labels.length === 0) continue;
    const shared = gatedApplies.filter((g) => a.runner.labels.every((l) => g.runner.labels.includes(l)));
    if (shared.length === 0) continue;
    const jobs = [...new Set(shared.map((g) => `${g.id} (${g.environment})`))];
    out.push(
      finding(
        "pr-runner-isolation",
        a.stack,
        `${a.id} -> runner ${a.runner.name}`,
        a.file,
        `${a.id} runs pull request code on runner ${a.runner.name}, which also runs ${jobs.join(", ")}`,
      ),
    );
  }
  return out;
}

/** Appliers that do not wait for the appliers of the stacks their stack depends on. */
function applyOrder(loop: Loop, c: Context): Finding[] {
  const out: Finding[] = [];
  const { byStack, stackOf } = c.with(out);
  for (const a of loop.appliers) {
    if (a.role !== "apply") continue;
    for (const dep of stackOf.get(a.stack)!.dependsOn) {
      const depAppliers = byStack.get(dep) ?? [];
      if (depAppliers.length === 0) continue; // one-applier reports it
      const sameGroup = depAppliers.filter((d) => d.group === a.group);
      if (a.kind === "job") {
        if (sameGroup.some((d) => a.after.includes(d.key))) continue;
        const jobs = depAppliers.filter((d) => d.kind === "job");
        out.push(
          finding(
            "apply-order",
            a.stack,
            `${a.id} -> ${dep}`,
            a.file,
            jobs.length > 0
              ? `${a.id} does not wait for ${jobs.map((d) => d.id).join(", ")}, which applies ${dep} that ${a.stack} depends on`
              : `${a.id} applies ${a.stack} without waiting for ${dep}, which only the agent applies (the pipeline cannot wait for it)`,
            jobs.length > 0
              ? undefined
              : `apply ${dep} in the pipeline before ${a.stack}, or let the agent apply ${a.stack} too`,
          ),
        );
      } else if (sameGroup.length > 0 && !sameGroup.some((d) => a.after.includes(d.key)))
        out.push(
          finding(
            "apply-order",
            a.stack,
            `${a.id} -> ${dep}`,
            a.file,
            `${a.id} does not depend on ${sameGroup.map((d) => d.id).join(", ")}, which applies ${dep} that ${a.stack} depends on`,
          ),
        );
    }
  }
  return out;
}

/** Whether an identity can call a cluster's API: an EKS access entry or creator admin, a GKE role or RBAC binding. */
function clusterAccess(loop: Loop, identity: IdentityRef, cluster: Extract<ClusterRef, { name: string }>): Verdict {
  if (cluster.kind === "eks") {
    if (identity.kind !== "role") return false;
    const mine = (arn: string | undefined) => {
      const role = arn === undefined ? undefined : IdentityFacts.roleRefOfArn(arn);
      return (
        role?.name === identity.name &&
        (role.account === undefined || identity.account === undefined || role.account === identity.account)
      );
    };
    const onCluster = (b: Parameters<typeof str>[0]) => str(b, "cluster_name") === cluster.name;
    const entry = blocks(loop.rawStacks, "resource", ["aws_eks_access_entry"]).find(
      (b) => onCluster(b) && mine(str(b, "principal_arn")),
    );
    const policy = blocks(loop.rawStacks, "resource", ["aws_eks_access_policy_association"]).some(
      (b) => onCluster(b) && mine(str(b, "principal_arn")),
    );
    if (entry && (policy || strs(entry, "kubernetes_groups").length > 0)) return true;
    const declared = blocks(loop.rawStacks, "resource", ["aws_eks_cluster"]).find(
      (b) => str(b, "name") === cluster.name,
    );
    if (declared === undefined)
      return entry ? false : { unknown: `no committed stack declares the EKS cluster ${cluster.name}` };
    const access = declared.body.access_config;
    const config = (Array.isArray(access) ? access[0] : access) as Record<string, unknown> | undefined;
    const creatorAdmin = config?.bootstrap_cluster_creator_admin_permissions !== false;
    // The creator: an applier of the stack declaring the cluster, never an agent running on that cluster.
    const creators = loop.appliers.filter(
      (a) =>
        a.role === "apply" &&
        a.stack === declared.stack.name &&
        a.identity &&
        !(a.kind === "agent" && a.cluster === cluster.name),
    );
    return creatorAdmin && creators.some((a) => identityKey(a.identity!) === identityKey(identity));
  }
  if (identity.kind !== "service-account") return false;
  if (cluster.project === undefined) return { unknown: `the project of GKE cluster ${cluster.name} is not known` };
  const roles = loop.facts.projectRoles(cluster.project, `serviceAccount:${identity.name}`);
  if (roles.some((r) => r === "roles/owner" || r === "roles/container.admin")) return true;
  const onCluster = new Set(
    loop.stacks.filter((s) => s.clusters.some((c) => "name" in c && c.name === cluster.name)).map((s) => s.name),
  );
  // RBAC: a ClusterRoleBinding to cluster-admin whose subject is the account (GKE authenticates a
  // Google identity as the User named by its email); reaching the API takes container.clusters.get
  // (roles/container.clusterViewer or above) on the project too.
  // https://cloud.google.com/kubernetes-engine/docs/how-to/role-based-access-control#iam-rbac
  const bound = blocks(loop.rawStacks, "resource", [
    "kubernetes_cluster_role_binding",
    "kubernetes_cluster_role_binding_v1",
  ]).some((b) => {
    if (!onCluster.has(b.stack.name)) return false;
    const ref = first(b.body.role_ref);
    if (ref?.kind !== "ClusterRole" || ref.name !== "cluster-admin") return false;
    const subjects = (Array.isArray(b.body.subject) ? b.body.subject : [b.body.subject]).filter(isObject);
    return subjects.some(
      (s) => s.kind === "User" && typeof s.name === "string" && resolve(b.stack, s.name) === identity.name,
    );
  });
  return bound && roles.some((r) => CLUSTER_GET.has(r));
}
