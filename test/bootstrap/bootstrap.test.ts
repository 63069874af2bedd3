import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { parse } from "yaml";
import { BootstrapStack, BootstrapStackProps, stateKeyArn } from "../../lib/bootstrap";
import { GitHubPipeline, GitHubPipelineProps } from "../../lib/pipeline";
import { WORKFLOW_DIR, WORKFLOW_PREFIX } from "../../lib/pipeline/generate";
import { DEPLOY_WORKFLOW } from "../../lib/pipeline/identities";
import { checkStacks } from "../../lib/policy/engine";
import { baselinePack } from "../../lib/policy/packs/baseline";
import { githubOidcTrustScoped } from "../../lib/policy/rules/github-oidc-trust-scoped";
import { readOutput } from "../../lib/ops/read";
import { onlyResource, resourcesOf, TerraformJson } from "../helpers";

const IDS = { repositoryId: "800000001", ownerId: "100000001" };
const pipelineProps = (): GitHubPipelineProps => ({
  repository: "acme/platform",
  ...IDS,
  aws: { dev: { account: "111111111111" }, prod: { account: "222222222222" } },
  gcp: { prod: { project: "acme-prod", projectNumber: "123456789" } },
});
const pipeline = new GitHubPipeline(pipelineProps());
/** dev and prod in one AWS account (and one GCP project): refused unless bounded. */
const shared = new GitHubPipeline({
  repository: "acme/platform",
  ...IDS,
  aws: { dev: { account: "111111111111" }, prod: { account: "111111111111" } },
  gcp: {
    dev: { project: "acme-prod", projectNumber: "123456789" },
    prod: { project: "acme-prod", projectNumber: "123456789" },
  },
});
const REPO = "repo:acme@100000001/platform@800000001";
const HOST = "token.actions.githubusercontent.com";

function synthBootstrap(
  cloud: "aws" | "gcp",
  environments: string[],
  props: Partial<BootstrapStackProps> = {},
): TerraformJson {
  const stack = new BootstrapStack(Testing.app(), `bootstrap-${cloud}`, {
    pipeline,
    cloud,
    region: cloud === "aws" ? "eu-west-1" : "europe-west1",
    environments,
    stateBucket: "acme-state",
    ...props,
  });
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

type Statement = {
  sid?: string;
  effect?: string;
  actions: string[];
  resources?: string[];
  not_resources?: string[];
  condition?: { test: string; variable: string; values: string[] }[];
};
const statements = (config: TerraformJson, doc: string): Statement[] =>
  (config.data!.aws_iam_policy_document[doc] as { statement: Statement[] }).statement;
const trustOf = (config: TerraformJson, role: string) => statements(config, `${role}Trust`)[0].condition!;
const bySid = (config: TerraformJson, doc: string, sid: string) => statements(config, doc).find((s) => s.sid === sid)!;

describe("AWS bootstrap", () => {
  const config = synthBootstrap("aws", ["dev"]);

  test("trusts GitHub's issuer for sts.amazonaws.com", () => {
    expect(onlyResource(config, "aws_iam_openid_connect_provider")).toMatchObject({
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  test("the plan role: the immutable subjects of pull requests and the trunk, and the repository id", () => {
    expect(trustOf(config, "PlanRole")).toEqual([
      { test: "StringEquals", variable: `${HOST}:aud`, values: ["sts.amazonaws.com"] },
      {
        test: "StringEquals",
        variable: `${HOST}:sub`,
        values: [`${REPO}:pull_request`, `${REPO}:ref:refs/heads/main`],
      },
      { test: "StringEquals", variable: `${HOST}:repository_id`, values: ["800000001"] },
    ]);
  });

  test("an apply role: its environment's immutable subject, only from the deploy workflow on the trunk (S2)", () => {
    expect(trustOf(config, "ApplyRole-dev")).toEqual([
      { test: "StringEquals", variable: `${HOST}:aud`, values: ["sts.amazonaws.com"] },
      { test: "StringEquals", variable: `${HOST}:sub`, values: [`${REPO}:environment:dev`] },
      { test: "StringEquals", variable: `${HOST}:repository_id`, values: ["800000001"] },
      { test: "StringEquals", variable: `${HOST}:ref`, values: ["refs/heads/main"] },
      {
        test: "StringEquals",
        variable: `${HOST}:job_workflow_ref`,
        values: ["acme/platform/.github/workflows/landform-deploy.yml@refs/heads/main"],
      },
    ]);
  });

  test("the trusted workflow is the one the generator writes the apply jobs into", () => {
    expect(DEPLOY_WORKFLOW).toBe(`${WORKFLOW_DIR}/${WORKFLOW_PREFIX}deploy.yml`);
  });

  test("legacySubjects adds the name-only subjects after the immutable ones; the repository id stays required", () => {
    const legacy = new GitHubPipeline({ ...pipelineProps(), legacySubjects: true });
    const json = synthBootstrap("aws", ["dev"], { pipeline: legacy });
    expect(trustOf(json, "PlanRole")[1].values).toEqual([
      `${REPO}:pull_request`,
      `${REPO}:ref:refs/heads/main`,
      "repo:acme/platform:pull_request",
      "repo:acme/platform:ref:refs/heads/main",
    ]);
    expect(trustOf(json, "ApplyRole-dev")[1].values).toEqual([
      `${REPO}:environment:dev`,
      "repo:acme/platform:environment:dev",
    ]);
    expect(trustOf(json, "ApplyRole-dev")[2].variable).toBe(`${HOST}:repository_id`);
  });

  test("the plan role reads metadata, not data: no ReadOnlyAccess, data reads denied (S5, N11)", () => {
    const attachments = resourcesOf(config, "aws_iam_role_policy_attachment")
      .filter((a) => a.role === "${aws_iam_role.PlanRole.name}")
      .map((a) => a.policy_arn);
    const managed = (name: string) => `arn:\${data.aws_partition.AwsPartition.partition}:iam::aws:policy/${name}`;
    expect(attachments).toEqual([managed("job-function/ViewOnlyAccess"), managed("SecurityAudit")]);
    const limits = "PlanRoleLimitsPolicy";
    expect(bySid(config, limits, "NoDataReads")).toMatchObject({ effect: "Deny", resources: ["*"] });
    expect(bySid(config, limits, "NoDataReads").actions).toEqual(
      expect.arrayContaining(["secretsmanager:GetSecretValue", "ssm:GetParameter", "dynamodb:Scan", "sts:AssumeRole"]),
    );
    expect(bySid(config, limits, "NoObjectReadsButState")).toMatchObject({
      effect: "Deny",
      actions: expect.arrayContaining(["s3:GetObject"]),
      not_resources: ["${aws_s3_bucket.StateBucket_446E0578.arn}/*"],
    });
    expect(bySid(config, limits, "NoDecryptButState")).toMatchObject({
      effect: "Deny",
      actions: ["kms:Decrypt"],
      not_resources: ["${aws_kms_key.StateBucket_Key_370FE112.arn}"],
    });
  });

  test("the plan role reads state but writes neither state nor lock (S5)", () => {
    expect(bySid(config, "PlanRoleLimitsPolicy", "NoStateOrLockWrites")).toMatchObject({
      effect: "Deny",
      actions: expect.arrayContaining(["s3:PutObject", "s3:DeleteObject"]),
      resources: ["${aws_s3_bucket.StateBucket_446E0578.arn}/*"],
    });
    const grants = resourcesOf(config, "aws_iam_role_policy").filter((p) => String(p.name).includes("StateBucket"));
    const byRole = Object.fromEntries(grants.map((g) => [String(g.role), String(g.name)]));
    expect(byRole["${aws_iam_role.PlanRole.name}"]).toMatch(/-read-/);
    expect(byRole["${aws_iam_role.ApplyRole-dev.name}"]).toMatch(/-write-/);
  });

  test("state is under the bootstrap key: a deterministic alias, and the bucket refuses other writes (N6)", () => {
    expect(onlyResource(config, "aws_kms_alias")).toMatchObject({
      name: "alias/landform-gh-state",
      target_key_id: "${aws_kms_key.StateBucket_Key_370FE112.arn}",
    });
    expect(onlyResource(config, "aws_s3_bucket_policy").policy).toBe(
      "${data.aws_iam_policy_document.StateBucketPolicy.json}",
    );
    expect(config.data!.aws_iam_policy_document.StateBucketPolicy).toMatchObject({
      source_policy_documents: ["${data.aws_iam_policy_document.StateBucket_TlsOnly_694468FB.json}"],
    });
    expect(bySid(config, "StateBucketPolicy", "DenyWritesNotUnderTheStateKey")).toMatchObject({
      effect: "Deny",
      actions: ["s3:PutObject"],
      condition: [{ test: "StringNotEquals", variable: "s3:x-amz-server-side-encryption", values: ["aws:kms"] }],
    });
    expect(stateKeyArn(pipeline.spec, { account: "111111111111", region: "eu-west-1" })).toBe(
      "arn:aws:kms:eu-west-1:111111111111:alias/landform-gh-state",
    );
  });

  test("passes the baseline pack, the trust rule included, and keeps its state local until migrated", () => {
    const report = checkStacks([{ name: "bootstrap-aws", json: config as never }], { packs: [baselinePack] });
    expect(report.findings).toEqual([]);
    expect(config.terraform!.backend).toEqual({ local: { path: "terraform.bootstrap-aws.tfstate" } });
    expect(config.provider!.aws[0].allowed_account_ids).toEqual(["111111111111"]);
  });
});

describe("environments sharing an account (S1, N5)", () => {
  test.each(["aws", "gcp"] as const)("are refused on %s by default, with the fix", (cloud) => {
    const place = cloud === "aws" ? "account 111111111111" : "project acme-prod";
    const fix =
      cloud === "aws"
        ? `give each environment its own account in the GitHubPipeline (one BootstrapStack each), or set isolation: "permissionsBoundary" to bound each apply role to its own environment's tagged resources and state.`
        : "give each environment its own project in the GitHubPipeline (one BootstrapStack each).";
    expect(() => synthBootstrap(cloud, ["dev", "prod"], { pipeline: shared })).toThrow(
      `BootstrapStack 'bootstrap-${cloud}': environments ["dev","prod"] share ${place}: the apply identity of one could change the others' resources and state; ${fix}`,
    );
  });

  test("GCP has no permissions boundary to offer", () => {
    expect(() =>
      synthBootstrap("gcp", ["dev", "prod"], { pipeline: shared, isolation: "permissionsBoundary" }),
    ).toThrow(
      `BootstrapStack 'bootstrap-gcp': isolation "permissionsBoundary" is not available on gcp: nothing there bounds one environment's identity in a shared project; give each environment its own project in the GitHubPipeline, and leave isolation out.`,
    );
  });

  test("an unknown isolation is refused", () => {
    expect(() => synthBootstrap("aws", ["dev"], { isolation: "tags" as never })).toThrow(
      `BootstrapStack 'bootstrap-aws': isolation "tags" is not a way of isolating environments; use "account" or "permissionsBoundary", or leave it out for "account".`,
    );
  });

  describe('with isolation: "permissionsBoundary"', () => {
    const config = synthBootstrap("aws", ["dev", "prod"], { pipeline: shared, isolation: "permissionsBoundary" });

    test("each apply role has its own boundary", () => {
      const roles = Object.fromEntries(
        resourcesOf(config, "aws_iam_role").map((r) => [r.name, r.permissions_boundary]),
      );
      expect(roles).toEqual({
        "landform-gh-plan": undefined,
        "landform-gh-apply-dev": "${aws_iam_policy.Boundary-dev.arn}",
        "landform-gh-apply-prod": "${aws_iam_policy.Boundary-prod.arn}",
      });
    });

    test("dev's boundary denies prod's tagged resources, prod's state and the pipeline's own identities", () => {
      const doc = "Boundary-devPolicy";
      expect(bySid(config, doc, "NotOtherEnvironmentsResources")).toMatchObject({
        effect: "Deny",
        actions: ["*"],
        condition: [{ test: "StringEquals", variable: "aws:ResourceTag/environment", values: ["prod"] }],
      });
      expect(bySid(config, doc, "NotTaggedAsOtherEnvironments").condition![0]).toMatchObject({
        variable: "aws:RequestTag/environment",
        values: ["prod"],
      });
      expect(bySid(config, doc, "NotOtherEnvironmentsState")).toMatchObject({
        effect: "Deny",
        resources: ["${aws_s3_bucket.StateBucket_446E0578.arn}/landform/aws-prod*"],
      });
      expect(bySid(config, doc, "NotThePipelineIdentities").resources).toContain(
        "arn:${data.aws_partition.AwsPartition.partition}:iam::${data.aws_caller_identity.AwsCallerIdentity.account_id}:role/landform-gh-*",
      );
    });

    test("a boundary in an account of one environment denies no environment, and still guards the pipeline", () => {
      const single = synthBootstrap("aws", ["dev"], { isolation: "permissionsBoundary" });
      const sids = statements(single, "Boundary-devPolicy").map((st) => st.sid);
      expect(sids).not.toContain("NotOtherEnvironmentsResources");
      expect(sids).toContain("NotThePipelineIdentities");
      for (const st of statements(single, "Boundary-devPolicy"))
        for (const c of st.condition ?? []) expect(c.values.length).toBeGreaterThan(0);
    });

    test("each apply role writes only its own environment's state prefix", () => {
      const written = Object.values(config.data!.aws_iam_policy_document)
        .flatMap((d) => (d as { statement: Statement[] }).statement.filter((st) => st.sid === "ReadWrite"))
        .map((st) => st.resources![0].split("}/")[1])
        .sort();
      expect(written).toEqual(["landform/aws-dev*", "landform/aws-prod*"]);
    });
  });
});

describe("GCP bootstrap", () => {
  const config = synthBootstrap("gcp", ["prod"]);

  test("the provider admits this repository and owner by id, and environment jobs only from the deploy workflow on the trunk", () => {
    expect(onlyResource(config, "google_iam_workload_identity_pool_provider")).toMatchObject({
      workload_identity_pool_provider_id: "landform-gh-github",
      attribute_condition:
        'assertion.repository_id == "800000001" && assertion.repository_owner_id == "100000001" && ' +
        '(!assertion.sub.contains(":environment:") || (assertion.ref == "refs/heads/main" && ' +
        'assertion.job_workflow_ref == "acme/platform/.github/workflows/landform-deploy.yml@refs/heads/main"))',
      oidc: { issuer_uri: "https://token.actions.githubusercontent.com" },
    });
  });

  test("maps only claims every token carries (N8)", () => {
    expect(onlyResource(config, "google_iam_workload_identity_pool_provider").attribute_mapping).toEqual({
      "google.subject": "assertion.sub",
      "attribute.repository_id": "assertion.repository_id",
      "attribute.repository_owner_id": "assertion.repository_owner_id",
    });
  });

  test("service accounts are used through workloadIdentityUser bindings on exact immutable subjects", () => {
    const members = resourcesOf(config, "google_service_account_iam_member");
    const pool =
      "principal://iam.googleapis.com/projects/123456789/locations/global/workloadIdentityPools/landform-gh-pool/subject";
    expect(members.map((m) => [m.role, m.member]).sort()).toEqual([
      ["roles/iam.workloadIdentityUser", `${pool}/${REPO}:environment:prod`],
      ["roles/iam.workloadIdentityUser", `${pool}/${REPO}:pull_request`],
      ["roles/iam.workloadIdentityUser", `${pool}/${REPO}:ref:refs/heads/main`],
    ]);
    expect(resourcesOf(config, "google_service_account").map((s) => s.account_id)).toEqual([
      "landform-gh-apply-prod",
      "landform-gh-plan",
    ]);
  });

  test("the apply account may create the add-ons' RBAC objects (N9); the plan account only reads", () => {
    const rolesOf = (account: string) =>
      resourcesOf(config, "google_project_iam_member")
        .filter((m) => m.member === `\${google_service_account.${account}.member}`)
        .map((m) => m.role)
        .sort();
    expect(rolesOf("ApplyAccount-prod")).toEqual([
      "roles/container.admin",
      "roles/editor",
      "roles/iam.serviceAccountAdmin",
      "roles/resourcemanager.projectIamAdmin",
    ]);
    expect(rolesOf("PlanAccount")).toEqual(["roles/iam.securityReviewer", "roles/viewer"]);
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

  test("a pipeline without the repository's ids", () => {
    const { repositoryId: _r, ownerId: _o, ...rest } = pipelineProps();
    expect(() => synthBootstrap("aws", ["dev"], { pipeline: new GitHubPipeline(rest) })).toThrow(
      `BootstrapStack 'bootstrap-aws': pipeline "acme/platform" declares no repositoryId and ownerId: the trust names the repository by GitHub's immutable ids; set repositoryId and ownerId in the GitHubPipeline, from \`gh api repos/acme/platform --jq '.id, .owner.id'\`.`,
    );
  });
});

describe("the reference platform", () => {
  const root = path.join(__dirname, "../..");
  const stacks = readOutput("terraform", root).stacks;
  const bootstrap = stacks.filter((s) => s.name.startsWith("bootstrap-"));
  const accountOf = (json: TerraformJson) =>
    (json.provider?.aws?.[0] as { allowed_account_ids?: string[] } | undefined)?.allowed_account_ids?.[0];

  test("has one AWS account and one GCP project per environment, each with its bootstrap stack", () => {
    expect(bootstrap.map((s) => s.name)).toEqual([
      "bootstrap-aws-111111111111",
      "bootstrap-aws-222222222222",
      "bootstrap-aws-333333333333",
      "bootstrap-gcp-acme-platform-dev",
      "bootstrap-gcp-acme-platform-prod",
      "bootstrap-gcp-acme-platform-staging",
    ]);
    const accounts = Object.fromEntries(
      stacks
        .filter((s) => /^aws-(dev|staging|prod)$/.test(s.name))
        .map((s) => [s.name, accountOf(s.json as TerraformJson)]),
    );
    expect(accounts).toEqual({ "aws-dev": "111111111111", "aws-staging": "222222222222", "aws-prod": "333333333333" });
  });

  test("every S3 backend encrypts with its account's state key, in that account's bucket (N6)", () => {
    let backends = 0;
    for (const s of stacks) {
      const json = s.json as TerraformJson & { terraform?: { backend?: { s3?: Record<string, unknown> } } };
      const s3 = json.terraform?.backend?.s3;
      if (!s3) continue;
      backends++;
      const account = accountOf(json);
      expect([s.name, s3.kms_key_id]).toEqual([s.name, `arn:aws:kms:eu-west-1:${account}:alias/landform-gh-state`]);
      expect(s3.encrypt).toBe(true);
    }
    expect(backends).toBe(12);
  });

  test("every trusted subject is immutable and exact; no condition is a wildcard over repositories", () => {
    let subjects = 0;
    for (const s of bootstrap) {
      const json = s.json as TerraformJson;
      for (const doc of Object.values(json.data?.aws_iam_policy_document ?? {})) {
        for (const c of (doc as { statement: Statement[] }).statement.flatMap((x) => x.condition ?? [])) {
          if (!c.variable.endsWith(":sub")) continue;
          expect(c.test).toBe("StringEquals");
          for (const v of c.values) {
            subjects++;
            expect(v).toMatch(
              /^repo:acme@100000001\/platform@800000001:(pull_request|ref:refs\/heads\/main|environment:(dev|staging|prod))$/,
            );
          }
        }
      }
      for (const p of resourcesOf(json, "google_iam_workload_identity_pool_provider"))
        expect(p.attribute_condition).toMatch(
          /^assertion\.repository_id == "800000001" && assertion\.repository_owner_id == "100000001" && /,
        );
      for (const m of resourcesOf(json, "google_service_account_iam_member"))
        expect(m.member).toMatch(/\/subject\/repo:acme@100000001\/platform@800000001:[^*]+$/);
    }
    // Three accounts: a plan role (2 subjects) and one apply role each.
    expect(subjects).toBe(9);
  });

  test("pull request plans take no state lock (S5)", () => {
    const text = fs.readFileSync(path.join(root, ".github/workflows/landform-pull-request.yml"), "utf8");
    const plans = text.match(/terraform plan .*/g) ?? [];
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans) expect(plan).toContain("-lock=false");
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
      for (const r of resourcesOf(json, "aws_iam_role")) created.add(`arn:aws:iam::${accountOf(json)}:role/${r.name}`);
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

  test("GitHub's immutable subject names one repository", () => {
    expect(
      messages(
        stack(
          policy({
            StringEquals: { "token.actions.githubusercontent.com:sub": "repo:acme@1/platform@2:pull_request" },
          }),
        ),
      ),
    ).toEqual([]);
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

test("GCP refuses a subject longer than google.subject's 127 bytes, naming it", () => {
  const long = new GitHubPipeline({
    repository: `acme/${"p".repeat(90)}`,
    ...IDS,
    gcp: { prod: { project: "acme-prod", projectNumber: "123456789" } },
  });
  const subject = `repo:acme@100000001/${"p".repeat(90)}@800000001:pull_request`;
  const build = () => synthBootstrap("gcp", ["prod"], { pipeline: long });
  expect(build).toThrow(
    "is an OIDC subject longer than the 127 bytes gcp's trust can match; shorten the repository or environment name.",
  );
  expect(build).toThrow(expect.objectContaining({ prop: "pipeline", value: subject, constructPath: "bootstrap-gcp" }));
  expect(() =>
    synthBootstrap("aws", ["dev"], {
      pipeline: new GitHubPipeline({ ...pipelineProps(), repository: `acme/${"p".repeat(90)}` }),
    }),
  ).not.toThrow();
});
