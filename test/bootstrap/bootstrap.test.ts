import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { parse } from "yaml";
import { BootstrapStack } from "../../lib/bootstrap";
import { GitHubPipeline } from "../../lib/pipeline";
import { checkStacks } from "../../lib/policy/engine";
import { baselinePack } from "../../lib/policy/packs/baseline";
import { githubOidcTrustScoped } from "../../lib/policy/rules/github-oidc-trust-scoped";
import { readOutput } from "../../lib/ops/read";
import { onlyResource, resourcesOf, TerraformJson } from "../helpers";

const pipeline = new GitHubPipeline({
  repository: "acme/platform",
  aws: { dev: { account: "111111111111" }, prod: { account: "111111111111" } },
  gcp: { prod: { project: "acme-prod", projectNumber: "123456789" } },
});

function synthBootstrap(cloud: "aws" | "gcp", environments: string[]): TerraformJson {
  const stack = new BootstrapStack(Testing.app(), `bootstrap-${cloud}`, {
    pipeline,
    cloud,
    region: cloud === "aws" ? "eu-west-1" : "europe-west1",
    environments,
    stateBucket: "acme-state",
  });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

function trustOf(config: TerraformJson, role: string): { test: string; variable: string; values: string[] }[] {
  const doc = config.data!.aws_iam_policy_document[`${role}Trust`] as { statement: { condition: never[] }[] };
  return doc.statement[0].condition;
}

describe("AWS bootstrap", () => {
  const config = synthBootstrap("aws", ["dev", "prod"]);

  test("trusts GitHub's issuer for sts.amazonaws.com", () => {
    expect(onlyResource(config, "aws_iam_openid_connect_provider")).toMatchObject({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  test("the plan role is trusted for pull requests and the trunk; each apply role only for its environment", () => {
    expect(trustOf(config, "PlanRole")).toEqual([
      { test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] },
      {
        test: "StringEquals",
        variable: "token.actions.githubusercontent.com:sub",
        values: ["repo:acme/platform:pull_request", "repo:acme/platform:ref:refs/heads/main"],
      },
    ]);
    expect(trustOf(config, "ApplyRole-prod")[1].values).toEqual(["repo:acme/platform:environment:prod"]);
    const attachments = resourcesOf(config, "aws_iam_role_policy_attachment")
      .map((a) => a.policy_arn)
      .sort()
      .reverse();
    // In the stack's partition (aws, aws-cn, aws-us-gov), never a hard-coded arn:aws:.
    expect(attachments).toEqual([
      "arn:${data.aws_partition.AwsPartition.partition}:iam::aws:policy/ReadOnlyAccess",
      "arn:${data.aws_partition.AwsPartition.partition}:iam::aws:policy/AdministratorAccess",
      "arn:${data.aws_partition.AwsPartition.partition}:iam::aws:policy/AdministratorAccess",
    ]);
  });

  test("state: the plan role reads and writes lock files only; apply roles write their environment's prefix", () => {
    type Doc = { statement: { sid: string; resources: string[] }[] };
    const written = Object.values(config.data!.aws_iam_policy_document)
      .flatMap((d) => (d as Doc).statement.filter((st) => st.sid === "ReadWrite"))
      .map((st) => st.resources[0].split("}/")[1])
      .sort();
    expect(written).toEqual(["*.tflock", "landform/aws-dev*", "landform/aws-prod*"]);
  });

  test("passes the baseline pack, the trust rule included, and keeps its state local until migrated", () => {
    const report = checkStacks([{ name: "bootstrap-aws", json: config as never }], { packs: [baselinePack] });
    expect(report.findings).toEqual([]);
    expect(config.terraform!.backend).toEqual({ local: { path: "terraform.bootstrap-aws.tfstate" } });
    expect(config.provider!.aws[0].allowed_account_ids).toEqual(["111111111111"]);
  });
});

describe("GCP bootstrap", () => {
  const config = synthBootstrap("gcp", ["prod"]);

  test("the provider's attribute condition requires the repository", () => {
    expect(onlyResource(config, "google_iam_workload_identity_pool_provider")).toMatchObject({
      workload_identity_pool_provider_id: "landform-gh-github",
      attribute_condition: 'assertion.repository == "acme/platform"',
      oidc: { issuer_uri: "https://token.actions.githubusercontent.com" },
    });
  });

  test("service accounts are used through workloadIdentityUser bindings on exact subjects", () => {
    const members = resourcesOf(config, "google_service_account_iam_member");
    expect(members.map((m) => [m.role, m.member]).sort()).toEqual([
      [
        "roles/iam.workloadIdentityUser",
        "principal://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/landform-gh-pool/subject/repo:acme/platform:environment:prod",
      ],
      [
        "roles/iam.workloadIdentityUser",
        "principal://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/landform-gh-pool/subject/repo:acme/platform:pull_request",
      ],
      [
        "roles/iam.workloadIdentityUser",
        "principal://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/landform-gh-pool/subject/repo:acme/platform:ref:refs/heads/main",
      ],
    ]);

    expect(resourcesOf(config, "google_service_account").map((s) => s.account_id)).toEqual([
      "landform-gh-apply-prod",
      "landform-gh-plan",
    ]);
  });

  test("passes the baseline pack", () => {
    const report = checkStacks([{ name: "bootstrap-gcp", json: config as never }], { packs: [baselinePack] });
    expect(report.findings).toEqual([]);
  });
});

describe("bad input", () => {
  test("an environment the pipeline has no identity for", () => {
    expect(() => synthBootstrap("gcp", ["dev"])).toThrow(
      `BootstrapStack 'bootstrap-gcp': environments "dev" has no gcp identity in the pipeline; add gcp: { dev: { project, projectNumber } } to the GitHubPipeline.`,
    );
  });
});

describe("the reference platform", () => {
  const root = path.join(__dirname, "../..");
  const stacks = readOutput("terraform", root).stacks;
  const bootstrap = stacks.filter((s) => s.name.startsWith("bootstrap-"));

  test("has a bootstrap stack per AWS account and GCP project", () => {
    expect(bootstrap.map((s) => s.name)).toEqual([
      "bootstrap-aws-111111111111",
      "bootstrap-gcp-acme-platform-dev",
      "bootstrap-gcp-acme-platform-prod",
      "bootstrap-gcp-acme-platform-staging",
    ]);
  });

  test("no trust condition is a wildcard over repositories", () => {
    let subjects = 0;
    for (const s of bootstrap) {
      const json = s.json as TerraformJson;
      for (const doc of Object.values(json.data?.aws_iam_policy_document ?? {})) {
        for (const c of (
          doc as { statement: { condition?: { variable: string; test: string; values: string[] }[] }[] }
        ).statement.flatMap((x) => x.condition ?? [])) {
          if (!c.variable.endsWith(":sub")) continue;
          expect(c.test).toBe("StringEquals");
          for (const v of c.values) {
            subjects++;
            expect(v).toMatch(
              /^repo:acme\/platform:(pull_request|ref:refs\/heads\/main|environment:(dev|staging|prod))$/,
            );
          }
        }
      }
      for (const p of resourcesOf(json, "google_iam_workload_identity_pool_provider"))
        expect(p.attribute_condition).toBe('assertion.repository == "acme/platform"');
      for (const m of resourcesOf(json, "google_service_account_iam_member"))
        expect(m.member).toMatch(/\/subject\/repo:acme\/platform:[^*]+$/);
    }
    expect(subjects).toBe(5);
  });

  test("the workflows assume exactly the identities the bootstrap stacks create", () => {
    const text = ["pull-request", "deploy", "drift"]
      .map((k) => fs.readFileSync(path.join(root, `.github/workflows/landform-${k}.yml`), "utf8"))
      .join("\n");
    const logins = (text.match(/(role-to-assume|service_account|workload_identity_provider): .*/g) ?? []).map((l) =>
      parse(l),
    );
    expect(logins.length).toBeGreaterThan(0);
    const created = new Set<string>();
    for (const s of bootstrap) {
      const json = s.json as TerraformJson;
      for (const r of resourcesOf(json, "aws_iam_role")) created.add(`arn:aws:iam::111111111111:role/${r.name}`);
      const project = (json.provider!.google?.[0] as { project?: string } | undefined)?.project;
      for (const sa of resourcesOf(json, "google_service_account"))
        created.add(`${sa.account_id}@${project}.iam.gserviceaccount.com`);
      for (const p of resourcesOf(json, "google_iam_workload_identity_pool_provider"))
        created.add(String(p.workload_identity_pool_provider_id));
    }
    for (const login of logins) {
      const [key, value] = Object.entries(login as Record<string, string>)[0];
      const name = key === "workload_identity_provider" ? value.split("/").pop()! : value;
      expect(created).toContain(name);
    }
  });
});

describe("github-oidc-trust-scoped", () => {
  const stack = (assume: string) => ({
    name: "s",
    json: { resource: { aws_iam_role: { r: { assume_role_policy: assume } } } },
  });
  const policy = (condition: object) =>
    JSON.stringify({
      Statement: [
        {
          Effect: "Allow",
          Action: "sts:AssumeRoleWithWebIdentity",
          Principal: { Federated: "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com" },
          Condition: condition,
        },
      ],
    });
  const messages = (s: ReturnType<typeof stack>) =>
    checkStacks([s], { packs: [{ name: "p", description: "", rules: [githubOidcTrustScoped] }] }).findings.map(
      (f) => f.message,
    );

  test.each([
    [
      { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
      "trusts GitHub's OIDC tokens with no condition on token.actions.githubusercontent.com:sub, so any repository may assume it",
    ],
    [
      { StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*:*" } },
      'trusts the subject "repo:acme/*:*", which is not limited to one repository',
    ],
    [
      { StringLike: { "token.actions.githubusercontent.com:sub": "*" } },
      'trusts the subject "*", which is not limited to one repository',
    ],
  ])("flags %j", (condition, message) => {
    expect(messages(stack(policy(condition)))).toEqual([message]);
  });

  test("one repository, even with a wildcard after it, passes", () => {
    expect(
      messages(stack(policy({ StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/platform:*" } }))),
    ).toEqual([]);
  });

  test.each([
    [undefined, "trusts GitHub's OIDC tokens with no attribute_condition, so any repository may use it"],
    [
      'assertion.repository_owner == "acme"',
      'attribute_condition "assertion.repository_owner == \\"acme\\"" does not require one repository (repository == "<owner>/<name>")',
    ],
  ])("GCP provider with condition %s", (condition, message) => {
    const s = {
      name: "s",
      json: {
        resource: {
          google_iam_workload_identity_pool_provider: {
            p: { attribute_condition: condition, oidc: { issuer_uri: "https://token.actions.githubusercontent.com" } },
          },
        },
      },
    };
    expect(messages(s as never)).toEqual([message]);
  });
});
