import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { approvePlan, Kubectl } from "../../lib/kubernetes/agent-approve";
import { cli } from "../cli/helpers";

/**
 * `landform agent approve <stack>` against a fake `kubectl` first on PATH: it logs its arguments
 * and answers `get` with the object in $FAKE_OBJECT (or fails like the API server would).
 */
function fakeKubectl(object: unknown, get: { exit: number; stderr?: string } = { exit: 0 }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lf-kubectl-"));
  const log = path.join(dir, "log");
  fs.writeFileSync(path.join(dir, "object.json"), JSON.stringify(object));
  fs.writeFileSync(
    path.join(dir, "kubectl"),
    [
      "#!/bin/sh",
      `printf '%s\\n' "$*" >> '${log}'`,
      'case "$1" in',
      `  get) if [ ${get.exit} -ne 0 ]; then echo '${get.stderr ?? ""}' >&2; exit ${get.exit}; fi; cat '${dir}/object.json';;`,
      "  patch) exit 0;;",
      "esac",
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  const env = { PATH: `${dir}${path.delimiter}${process.env.PATH}` };
  const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : []);
  return { env, calls };
}

const waiting = (pending: string, approvePlan?: string) => ({
  apiVersion: "infra.contrib.fluxcd.io/v1alpha2",
  kind: "Terraform",
  metadata: { name: "aws-prod-workloads", namespace: "flux-system" },
  spec: { interval: "10m", ...(approvePlan ? { approvePlan } : {}) },
  status: { plan: { pending } },
});
const cwd = os.tmpdir();

describe("landform agent approve", () => {
  test("reads status.plan.pending and patches spec.approvePlan to it in the cluster", () => {
    const k = fakeKubectl(waiting("plan-main-3d3c42e5aa"));
    const r = cli(["agent", "approve", "aws-prod-workloads", "--context", "prod"], { cwd, env: k.env });
    expect(r).toEqual({
      code: 0,
      stdout:
        "approved plan-main-3d3c42e5aa for flux-system/aws-prod-workloads; tofu-controller applies it at its next reconcile\n",
      stderr: "",
    });
    expect(k.calls()).toEqual([
      "get terraforms.infra.contrib.fluxcd.io aws-prod-workloads --output json --namespace flux-system --context prod",
      'patch terraforms.infra.contrib.fluxcd.io aws-prod-workloads --type merge --patch {"spec":{"approvePlan":"plan-main-3d3c42e5aa"}} --field-manager landform --namespace flux-system --context prod',
    ]);
  });

  test("--plan approves only the plan that was reviewed", () => {
    const k = fakeKubectl(waiting("plan-main-ed22ced771"));
    expect(
      cli(["agent", "approve", "aws-prod-workloads", "--plan", "plan-main-b8e362c206"], { cwd, env: k.env }),
    ).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "landform: aws-prod-workloads waits on plan-main-ed22ced771, not plan-main-b8e362c206, which is no longer the pending plan; review the new plan.\n",
    });
    expect(k.calls()).toHaveLength(1);
    expect(
      cli(["agent", "approve", "aws-prod-workloads", "--plan", "plan-main-ed22ced771"], { cwd, env: k.env }).code,
    ).toBe(0);
  });

  test("nothing to approve: exit 1, no patch", () => {
    for (const [object, said] of [
      [{ ...waiting(""), status: {} }, "has no plan waiting for approval"],
      [waiting("plan-main-3d3c42e5aa", "auto"), "applies every plan on its own (approvePlan: auto)"],
    ] as const) {
      const k = fakeKubectl(object);
      expect(cli(["agent", "approve", "aws-prod-workloads"], { cwd, env: k.env })).toEqual({
        code: 1,
        stdout: "",
        stderr: `landform: aws-prod-workloads ${said}.\n`,
      });
      expect(k.calls().filter((c) => c.startsWith("patch"))).toEqual([]);
    }
  });

  test("a plan already approved is not patched again", () => {
    const k = fakeKubectl(waiting("plan-main-3d3c42e5aa", "plan-main-3d3c42e5aa"));
    expect(cli(["agent", "approve", "aws-prod-workloads"], { cwd, env: k.env })).toMatchObject({
      code: 0,
      stdout: "plan-main-3d3c42e5aa for flux-system/aws-prod-workloads was already approved\n",
    });
    expect(k.calls()).toHaveLength(1);
  });

  test("kubectl errors and bad arguments are one line and exit 2", () => {
    const k = fakeKubectl(
      {},
      {
        exit: 1,
        stderr: 'Error from server (NotFound): terraforms.infra.contrib.fluxcd.io "aws-dev" not found',
      },
    );
    expect(cli(["agent", "approve", "aws-dev"], { cwd, env: k.env })).toEqual({
      code: 2,
      stdout: "",
      stderr:
        'landform: kubectl: reading Terraform flux-system/aws-dev failed: Error from server (NotFound): terraforms.infra.contrib.fluxcd.io "aws-dev" not found; check that the agent applies stack aws-dev on this cluster (--context, --namespace).\n',
    });
    const none = { PATH: fs.mkdtempSync(path.join(os.tmpdir(), "lf-empty-")) };
    expect(cli(["agent", "approve", "aws-dev"], { cwd, env: none })).toEqual({
      code: 2,
      stdout: "",
      stderr: "landform: kubectl: could not be run; install kubectl and put it on PATH.\n",
    });
    expect(cli(["agent", "approve", "Not_A_Name"], { cwd, env: k.env })).toMatchObject({ code: 2 });
    expect(cli(["agent", "approve", "Not_A_Name"], { cwd, env: k.env }).stderr).toMatch(
      /^landform: stack "Not_A_Name" is not a Kubernetes object name; give the stack's name, e.g. aws-prod-workloads; see "landform agent approve --help".\n$/,
    );
    expect(cli(["agent", "approve", "aws-dev", "--plan", "yes"], { cwd, env: k.env }).code).toBe(2);
  });

  test("the kubectl runner is injectable: the library function without a process", () => {
    const seen: string[][] = [];
    const kubectl: Kubectl = (args) => {
      seen.push([...args]);
      return {
        status: 0,
        stdout: args[0] === "get" ? JSON.stringify(waiting("plan-release-x-0123456789")) : "",
        stderr: "",
      };
    };
    expect(approvePlan({ stack: "gcp-prod-workloads", namespace: "agents" }, kubectl)).toEqual({
      kind: "approved",
      stack: "gcp-prod-workloads",
      plan: "plan-release-x-0123456789",
      namespace: "agents",
    });
    expect(seen.map((a) => a.slice(-2))).toEqual([
      ["--namespace", "agents"],
      ["--namespace", "agents"],
    ]);
  });
});
