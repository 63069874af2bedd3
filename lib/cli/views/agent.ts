import type { ApproveResult } from "../../kubernetes/agent-approve";

/** One line for what `agent approve` did; problems go to stderr, prefixed like every CLI error. */
export function approveText(result: ApproveResult): { stdout: string; stderr: string } {
  switch (result.kind) {
    case "approved":
      return {
        stdout: `approved ${result.plan} for ${result.namespace}/${result.stack}; tofu-controller applies it at its next reconcile\n`,
        stderr: "",
      };
    case "already":
      return { stdout: `${result.plan} for ${result.namespace}/${result.stack} was already approved\n`, stderr: "" };
    case "nothing":
      return { stdout: "", stderr: `landform: ${result.stack} ${result.problem}.\n` };
  }
}
