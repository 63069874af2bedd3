import { parse } from "yaml";
import { workflowsPack } from "../../../lib/policy/packs/workflows";
import { checkWorkflows } from "../../../lib/policy/workflows/rule";

const SHA = "3d3c42e5aac5ba805825da76410c181273ba90b1";

function findings(yaml: string): string[] {
  return checkWorkflows([{ file: "w.yml", workflow: parse(yaml) }], workflowsPack).map(
    (f) => `${f.ruleId}: ${f.message}`,
  );
}

const CLEAN = `
on: pull_request
permissions: {}
jobs:
  plan:
    runs-on: ubuntu-24.04
    permissions: { contents: read, id-token: write }
    steps:
      - uses: actions/checkout@${SHA} # v7.0.1
      - uses: ./local-action
      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c
        with: { role-to-assume: "arn:aws:iam::111111111111:role/plan", aws-region: eu-west-1 }
`;

describe("workflows pack", () => {
  test("a workflow with pinned actions, explicit permissions and OIDC has no finding", () => {
    expect(findings(CLEAN)).toEqual([]);
  });

  test("actions not pinned to a commit SHA", () => {
    expect(
      findings(CLEAN.replace(`checkout@${SHA}`, "checkout@v4").replace("./local-action", "docker://alpine:3")),
    ).toEqual([
      "workflow-actions-pinned: jobs.plan.steps[0]: actions/checkout@v4 is not pinned to a commit SHA",
      "workflow-actions-pinned: jobs.plan.steps[1]: docker://alpine:3 is a container image not pinned by digest",
    ]);
  });

  test("pull_request_target and workflow_run", () => {
    expect(findings(CLEAN.replace("on: pull_request", "on: [pull_request_target, workflow_run]"))).toEqual([
      "workflow-no-pull-request-target: on: runs on pull_request_target",
      "workflow-no-pull-request-target: on: runs on workflow_run",
    ]);
  });

  test("write-all, and no permissions at all", () => {
    expect(findings(CLEAN.replace("permissions: {}", "permissions: write-all"))).toEqual([
      "workflow-least-privilege: permissions: permissions is write-all",
    ]);
    const none = CLEAN.replace("permissions: {}\n", "").replace(
      "    permissions: { contents: read, id-token: write }\n",
      "",
    );
    expect(findings(none)).toEqual(["workflow-least-privilege: permissions: not set on the workflow, nor on job plan"]);
  });

  test("id-token: write without a cloud login, or for the whole workflow", () => {
    const noLogin = CLEAN.split("      - uses: aws-actions")[0];
    expect(findings(noLogin)).toEqual([
      "workflow-id-token-scoped: jobs.plan.permissions: id-token: write, but the job assumes no cloud identity and publishes nothing",
    ]);
    // npm trusted publishing is what the token is for; a plain `npm publish` (a token secret) is not.
    expect(findings(`${noLogin}      - run: npm publish --provenance --access public\n`)).toEqual([]);
    expect(findings(`${noLogin}      - run: npm publish --access public\n`)).toEqual([
      "workflow-id-token-scoped: jobs.plan.permissions: id-token: write, but the job assumes no cloud identity and publishes nothing",
    ]);
    expect(findings(CLEAN.replace("permissions: {}", "permissions: { id-token: write }"))).toEqual([
      "workflow-id-token-scoped: permissions: id-token: write is granted to every job of the workflow",
    ]);
  });

  test("long-lived cloud secrets", () => {
    const keys = CLEAN.replace(
      '{ role-to-assume: "arn:aws:iam::111111111111:role/plan", aws-region: eu-west-1 }',
      "{ aws-access-key-id: '${{ secrets.AWS_ACCESS_KEY_ID }}', aws-region: eu-west-1 }",
    );
    expect(findings(keys)).toEqual([
      "workflow-no-cloud-secrets: jobs.plan.steps[2].with.aws-access-key-id: passes a long-lived cloud key",
      "workflow-no-cloud-secrets: jobs.plan.steps[2].with.aws-access-key-id: references secrets.AWS_ACCESS_KEY, a long-lived cloud credential",
    ]);
    const env = `${CLEAN}        env: { GOOGLE_CREDENTIALS: "\${{ secrets.GCP_SA_KEY }}" }\n`;
    expect(findings(env)).toEqual([
      "workflow-no-cloud-secrets: jobs.plan.steps[2].env.GOOGLE_CREDENTIALS: references secrets.GCP_SA_KEY, a long-lived cloud credential",
    ]);
  });
});
