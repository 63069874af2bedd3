import { execFileSync } from "child_process";
import path from "path";
import { Testing } from "cdktf";
import { BootstrapStack, BootstrapStackProps } from "../../lib/bootstrap";
import { Cloud, CLOUDS } from "../../lib/core/cloud";
import { GitHubPipeline } from "../../lib/pipeline";
import { resourcesOf, TerraformJson } from "../helpers";

const pipeline = new GitHubPipeline({
  repository: "acme/platform",
  repositoryId: "800000001",
  ownerId: "100000001",
  aws: { dev: { account: "111111111111" }, prod: { account: "111111111111" } },
  gcp: { dev: { project: "acme-dev", projectNumber: "1" } },
});
const REGION = { aws: "eu-west-1", gcp: "europe-west1" } as const;

function bootstrap(cloud: Cloud, props: Partial<Record<keyof BootstrapStackProps, unknown>> = {}): TerraformJson {
  const stack = new BootstrapStack(Testing.app(), "b", {
    pipeline,
    cloud,
    region: REGION[cloud as keyof typeof REGION],
    environments: ["dev"],
    stateBucket: "acme-state",
    ...(props as object),
  });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

describe.each(CLOUDS)("BootstrapStack input on %s", (cloud) => {
  test.each([
    [{ backend: null }, "backend null is not a value; leave backend out for its default, or set it."],
    [{ stateBucket: null }, "stateBucket null is not a value; set stateBucket."],
    [{ applyPermissions: null }, "applyPermissions null is not a value"],
    [
      { stateBucket: undefined },
      "stateBucket undefined is not a bucket name; name the state bucket the environments' StateBackend uses; the stack creates it.",
    ],
    [{ stateBucket: " " }, `stateBucket " " is not a bucket name`],
    [{ environments: ["dev", "dev"] }, `environments "dev" is listed twice; list each environment once.`],
    [{ environments: [] }, "environments [] is not a list of environments"],
    [{ applyPermissions: [] }, "applyPermissions [] is not a list of IAM"],
  ])("%j", (props, message) => {
    expect(() => bootstrap(cloud, props)).toThrow(`BootstrapStack 'b': ${message}`);
  });

  test("never loads another cloud's provider", () => {
    const out = execFileSync(
      process.execPath,
      ["--require", "./scripts/register-ts.js", "test/bootstrap/fixtures/load-bootstrap.ts", cloud],
      { cwd: path.resolve(__dirname, "../.."), encoding: "utf8" },
    );
    expect(JSON.parse(out)).toEqual([cloud === "aws" ? "provider-aws" : "provider-google"]);
  });
});

test("a cloud Landform does not know points at the cloud prop", () => {
  expect(() => bootstrap("azure" as Cloud)).toThrow(
    `BootstrapStack 'b': cloud "azure" is not a cloud; use one of "aws", "gcp".`,
  );
});

describe("applyPermissions are the stack's cloud's", () => {
  test("a GCP role on aws is refused", () => {
    expect(() => bootstrap("aws", { applyPermissions: ["roles/editor"] })).toThrow(
      `BootstrapStack 'b': applyPermissions[0] "roles/editor" is a GCP role, and this stack is on aws; give an IAM managed policy ARN, e.g. arn:aws:iam::aws:policy/PowerUserAccess.`,
    );
  });

  test("an AWS policy ARN on gcp is refused", () => {
    expect(() => bootstrap("gcp", { applyPermissions: ["arn:aws:iam::aws:policy/PowerUserAccess"] })).toThrow(
      `BootstrapStack 'b': applyPermissions[0] "arn:aws:iam::aws:policy/PowerUserAccess" is an AWS policy ARN, and this stack is on gcp; give a role name, e.g. "roles/editor" or "projects/<project>/roles/<custom>".`,
    );
  });

  test("each cloud attaches its own", () => {
    const aws = bootstrap("aws", { applyPermissions: ["arn:aws:iam::111111111111:policy/deployer"] });
    expect(resourcesOf(aws, "aws_iam_role_policy_attachment").map((a) => a.policy_arn)).toContain(
      "arn:aws:iam::111111111111:policy/deployer",
    );
    const gcp = bootstrap("gcp", { applyPermissions: ["projects/acme-dev/roles/deployer"] });
    expect(resourcesOf(gcp, "google_project_iam_member").map((m) => m.role)).toContain(
      "projects/acme-dev/roles/deployer",
    );
  });
});

describe("oidcProviderArn", () => {
  const ARN = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";

  test("an account that already trusts GitHub reuses its provider", () => {
    const config = bootstrap("aws", { oidcProviderArn: ARN });
    expect(resourcesOf(config, "aws_iam_openid_connect_provider")).toEqual([]);
    const doc = config.data!.aws_iam_policy_document.PlanRoleTrust as {
      statement: { principals: { identifiers: string[] }[] }[];
    };
    expect(doc.statement[0].principals[0].identifiers).toEqual([ARN]);
  });

  test.each([
    [
      "arn:aws:iam::111111111111:oidc-provider/gitlab.com",
      "is not the ARN of GitHub's OIDC provider; copy it from `aws iam list-open-id-connect-providers`: arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com.",
    ],
    [
      "arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com",
      "is in account 222222222222, not the stack's 111111111111; name the provider of the account the environments deploy to.",
    ],
  ])("%s is refused", (arn, message) => {
    expect(() => bootstrap("aws", { oidcProviderArn: arn })).toThrow(
      `BootstrapStack 'b': oidcProviderArn "${arn}" ${message}`,
    );
  });

  test("is AWS only", () => {
    expect(() => bootstrap("gcp", { oidcProviderArn: ARN })).toThrow(
      `BootstrapStack 'b': oidcProviderArn "${ARN}" is AWS only: on gcp the bootstrap stack creates the project's own workload identity pool; leave oidcProviderArn out on gcp.`,
    );
  });
});
