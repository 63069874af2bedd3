import { spawnSync } from "child_process";
import { InputError } from "../core/input-error";
import { isObject } from "../ops/json";
import { AGENT_NAMESPACE } from "./agent-objects";

/**
 * Runs `kubectl` with `args` and returns what it printed; `status` is null when it could not start.
 * Tests pass their own (or put a fake `kubectl` first on PATH).
 */
export type Kubectl = (args: readonly string[]) => {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
};

/** The `kubectl` on `env`'s PATH, with `env` as its environment (KUBECONFIG and the like). */
export function systemKubectl(env: Readonly<Record<string, string | undefined>>): Kubectl {
  return (args) => {
    const r = spawnSync("kubectl", args, { env: env as NodeJS.ProcessEnv, encoding: "utf8", timeout: 60_000 });
    return { status: r.error ? null : r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
  };
}

/** Which Terraform object to approve, where, and (optionally) the plan id a reviewer read. */
export interface ApproveRequest {
  readonly stack: string;
  /** @default "flux-system" */
  readonly namespace?: string;
  /** A kubeconfig context. @default - kubectl's current context */
  readonly context?: string;
  /** Approve only if this is the pending plan (the one reviewed). */
  readonly plan?: string;
}

/** What `approvePlan` did. */
export type ApproveResult =
  | { readonly kind: "approved"; readonly stack: string; readonly plan: string; readonly namespace: string }
  | { readonly kind: "already"; readonly stack: string; readonly plan: string; readonly namespace: string }
  | { readonly kind: "nothing"; readonly stack: string; readonly problem: string };

/** tofu-controller's Terraform objects: the CRD's plural and group (v0.16.5 `infra.contrib.fluxcd.io`). */
const RESOURCE = "terraforms.infra.contrib.fluxcd.io";

/**
 * Approves the plan a stack's Terraform object waits on: reads `status.plan.pending` from the
 * cluster and patches `spec.approvePlan` to it (a merge patch, field manager `landform`), the way
 * tofu-controller v0.16.5 takes a manual approval; never a commit (flux-iac/tofu-controller#1878).
 * The Terraform that declares the object never sets approvePlan in manual mode, so its
 * server-side apply neither conflicts with nor removes the patched value; the stale value names
 * an older plan and approves nothing new.
 */
export function approvePlan(request: ApproveRequest, kubectl: Kubectl): ApproveResult {
  const namespace = request.namespace ?? AGENT_NAMESPACE;
  const where = ["--namespace", namespace, ...(request.context ? ["--context", request.context] : [])];
  const run = (args: string[], what: string) => {
    const r = kubectl([...args, ...where]);
    if (r.status === null)
      throw new InputError({
        source: "kubectl",
        problem: "could not be run",
        fix: "install kubectl and put it on PATH",
      });
    if (r.status !== 0) {
      const said =
        r.stderr
          .trim()
          .split("\n")[0]
          ?.replace(/^error: /i, "") || `exit ${r.status}`;
      throw new InputError({ source: "kubectl", problem: `${what} failed: ${said}`, fix: fixFor(said, request.stack) });
    }
    return r.stdout;
  };
  const text = run(
    ["get", RESOURCE, request.stack, "--output", "json"],
    `reading Terraform ${namespace}/${request.stack}`,
  );
  let object: unknown;
  try {
    object = JSON.parse(text);
  } catch {
    throw new InputError({ source: "kubectl", problem: "printed no JSON object", fix: "check the kubectl on PATH" });
  }
  const status = isObject(object) && isObject(object.status) ? object.status : {};
  const spec = isObject(object) && isObject(object.spec) ? object.spec : {};
  const pending = isObject(status.plan) ? status.plan.pending : undefined;
  if (spec.approvePlan === "auto")
    return { kind: "nothing", stack: request.stack, problem: "applies every plan on its own (approvePlan: auto)" };
  if (typeof pending !== "string" || pending === "")
    return { kind: "nothing", stack: request.stack, problem: "has no plan waiting for approval" };
  if (request.plan !== undefined && request.plan !== pending)
    return {
      kind: "nothing",
      stack: request.stack,
      problem: `waits on ${pending}, not ${request.plan}, which is no longer the pending plan; review the new plan`,
    };
  if (spec.approvePlan === pending) return { kind: "already", stack: request.stack, plan: pending, namespace };
  // The full id, never a prefix: tofu-controller v0.16.5 also applies a pending plan whose id starts
  // with approvePlan (controllers/tf_controller_apply.go), so a short value would approve later plans.
  const patch = JSON.stringify({ spec: { approvePlan: pending } });
  run(
    ["patch", RESOURCE, request.stack, "--type", "merge", "--patch", patch, "--field-manager", "landform"],
    `approving ${pending}`,
  );
  return { kind: "approved", stack: request.stack, plan: pending, namespace };
}

function fixFor(said: string, stack: string): string {
  if (/not ?found/i.test(said))
    return `check that the agent applies stack ${stack} on this cluster (--context, --namespace)`;
  if (/forbidden/i.test(said)) return "use a kubeconfig context allowed to patch terraforms.infra.contrib.fluxcd.io";
  return "check the cluster connection (kubectl get terraforms -A)";
}
