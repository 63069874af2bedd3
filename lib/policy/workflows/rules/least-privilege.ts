import { isObject } from "../../attributes";
import { jobsOf, WorkflowRule } from "../rule";

export const leastPrivilege: WorkflowRule = {
  id: "workflow-least-privilege",
  severity: "error",
  title: "Workflow permissions are explicit and never write-all",
  rationale:
    "Without a permissions block the GITHUB_TOKEN gets the repository's default, often write on everything; write-all gives a compromised step the repository.",
  remediation:
    "Set `permissions: {}` on the workflow and grant each job only what it uses: contents: read, id-token: write where a cloud is assumed, pull-requests: write for the comment job.",
  check(workflow) {
    const out: string[] = [];
    const judge = (where: string, permissions: unknown) => {
      if (permissions === "write-all" || permissions === "read-all")
        out.push(`${where}: permissions is ${permissions}`);
    };
    judge("permissions", workflow.permissions);
    const jobs = jobsOf(workflow);
    for (const [id, job] of jobs) judge(`jobs.${id}.permissions`, job.permissions);
    if (workflow.permissions === undefined) {
      const open = jobs.filter(([, job]) => job.permissions === undefined && job.uses === undefined).map(([id]) => id);
      if (open.length > 0)
        out.push(`permissions: not set on the workflow, nor on job${open.length > 1 ? "s" : ""} ${open.join(", ")}`);
    }
    return out;
  },
};

export const idTokenOnlyWithCloudLogin: WorkflowRule = {
  id: "workflow-id-token-scoped",
  severity: "error",
  title: "Only jobs that assume a cloud identity may mint OIDC tokens",
  rationale:
    "id-token: write lets every step of the job mint a token the cloud trusts for the repository; a job that assumes no identity only widens what a compromised step can reach.",
  remediation:
    "Grant id-token: write on the jobs that run aws-actions/configure-aws-credentials or google-github-actions/auth, or npm publish --provenance (trusted publishing), never on the workflow.",
  check(workflow) {
    const out: string[] = [];
    if (isObject(workflow.permissions) && workflow.permissions["id-token"] === "write")
      out.push("permissions: id-token: write is granted to every job of the workflow");
    for (const [id, job] of jobsOf(workflow)) {
      if (!isObject(job.permissions) || job.permissions["id-token"] !== "write") continue;
      const steps = Array.isArray(job.steps) ? job.steps.filter(isObject) : [];
      const logs = steps.some(
        (s) => typeof s.uses === "string" && CLOUD_LOGINS.some((a) => (s.uses as string).startsWith(`${a}@`)),
      );
      // npm trusted publishing exchanges the job's OIDC token for the publish credential.
      const publishes = steps.some((s) => typeof s.run === "string" && NPM_PUBLISH.test(s.run));
      if (!logs && !publishes)
        out.push(
          `jobs.${id}.permissions: id-token: write, but the job assumes no cloud identity and publishes nothing`,
        );
    }
    return out;
  },
};

/** A step that publishes to npm with trusted publishing (OIDC) and provenance. */
const NPM_PUBLISH = /(^|\n|&&|;)\s*npm publish\b[^\n]*--provenance\b/;

/** The actions that exchange a GitHub OIDC token for cloud credentials. */
export const CLOUD_LOGINS = ["aws-actions/configure-aws-credentials", "google-github-actions/auth", "azure/login"];
