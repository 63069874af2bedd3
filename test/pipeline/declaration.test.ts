import { CLOUDS } from "../../lib/core/cloud";
import { targetFor } from "../../lib/core/registry";
import { GitHubPipeline, PrivateRunner } from "../../lib/pipeline";
import { loginFor } from "../../lib/pipeline/identities";
import { BASE_PROPS } from "./fixture";

const fails = (props: object) => () => new GitHubPipeline({ ...BASE_PROPS, ...props });

describe("GitHubPipeline input", () => {
  test.each([
    [{ trunk: null }, "trunk null is not a value; leave trunk out for its default, or set it."],
    [{ approvals: null }, "approvals null is not a value; leave approvals out for its default, or set it."],
    [{ commands: { install: null } }, "commands.install null is not a value; leave commands.install out"],
    [{ gcp: { prod: { project: "acme-prod", projectNumber: null } } }, "gcp.prod.projectNumber null is not a value"],
    [
      { runner: "" },
      `runner "" is not a non-empty string; give a runner label, e.g. "ubuntu-24.04", or leave runner out for "ubuntu-24.04".`,
    ],
    [{ runner: "  " }, `runner "  " is not a non-empty string`],
    [{ nodeVersion: 20 }, `nodeVersion 20 is not a non-empty string; use a Node version, e.g. "24"`],
    [
      { commands: { setup: " " } },
      `commands.setup " " is not a non-empty string; use a shell command, e.g. "npm run build"`,
    ],
    [
      { driftIgnore: "my ignores.yaml" },
      `driftIgnore "my ignores.yaml" is not a file path without spaces, quotes or shell characters`,
    ],
    [
      { privateStacks: { "*": PrivateRunner.selfHosted(["self-hosted"], { planLabels: [] }) } },
      `privateStacks.*.planLabels [] is not a list of runner labels; give the labels of the plan runners`,
    ],
    [
      { privateStacks: { "*": PrivateRunner.selfHosted(["self-hosted"], { queueMinutes: 0 }) } },
      `privateStacks.*.queueMinutes 0 is not a whole number of minutes from 1 to 1440; give how long a job may wait for a runner, e.g. 15.`,
    ],
    [{ commands: { test: "" } }, `commands.test "" is not a non-empty string; use a shell command, e.g. "npm test"`],
    [{ commands: "npm ci" }, `commands "npm ci" is not an object`],
    [{ privateStacks: [] }, "privateStacks [] is not an object"],
    [
      { privateStacks: { "*": PrivateRunner.selfHosted(["self-hosted", ""]) } },
      `privateStacks.* ["self-hosted",""] is not a list of runner labels`,
    ],
    [{ approvals: ["prod", "prod"] }, `approvals "prod" is listed twice; list each environment once.`],
    [
      { gcp: { "production-europe": { project: "acme-prod", projectNumber: "1" } } },
      `gcp.production-europe "production-europe" makes the service account id longer than GCP's 30 characters`,
    ],
  ])("%j", (props, message) => {
    expect(fails(props)).toThrow(message);
  });

  test("every error is a LandformError naming the pipeline and the prop", () => {
    expect(fails({ runner: "" })).toThrow(expect.objectContaining({ code: "invalid-prop", prop: "runner", value: "" }));
  });
});

describe.each(CLOUDS)("%s environments", (cloud) => {
  const shape = (targetFor(cloud).pipeline as { environmentShape: string }).environmentShape;

  test("the entry's shape comes from the cloud", () => {
    expect(fails({ [cloud]: [] })).toThrow(
      `GitHubPipeline 'pipeline': ${cloud} [] is not an object; map each environment to its ${shape}.`,
    );
    expect(fails({ [cloud]: { dev: "x" } })).toThrow(`${cloud}.dev "x" is not an object; give ${shape}.`);
  });
});

describe("logins", () => {
  const spec = new GitHubPipeline(BASE_PROPS).spec;

  test("an AWS role ARN is in the region's partition", () => {
    const arn = (region: string) => loginFor(spec, { cloud: "aws", environment: "dev", region }, "apply")!.with;
    expect(arn("eu-west-1")["role-to-assume"]).toBe("arn:aws:iam::111111111111:role/landform-gh-apply-dev");
    expect(arn("us-gov-west-1")["role-to-assume"]).toBe("arn:aws-us-gov:iam::111111111111:role/landform-gh-apply-dev");
    expect(arn("cn-north-1")["role-to-assume"]).toBe("arn:aws-cn:iam::111111111111:role/landform-gh-apply-dev");
  });

  test("the GCP login impersonates the environment's service account through the project's provider", () => {
    expect(loginFor(spec, { cloud: "gcp", environment: "prod", region: "europe-west1" }, "plan")).toEqual({
      name: "Impersonate the plan service account",
      action: "gcpAuth",
      with: {
        workload_identity_provider:
          "projects/123456789/locations/global/workloadIdentityPools/landform-gh-pool/providers/landform-gh-github",
        service_account: "landform-gh-plan@acme-prod.iam.gserviceaccount.com",
      },
    });
  });

  test("planIdentity is the identity the plan login uses, for a Cluster's readers", () => {
    const pipeline = new GitHubPipeline(BASE_PROPS);
    expect(pipeline.planIdentity("aws", "prod", "eu-west-1")).toBe("arn:aws:iam::222222222222:role/landform-gh-plan");
    expect(pipeline.planIdentity("gcp", "prod", "europe-west1")).toBe(
      "landform-gh-plan@acme-prod.iam.gserviceaccount.com",
    );
    expect(() => pipeline.planIdentity("gcp", "dev", "europe-west1")).toThrow(
      'planIdentity "gcp/dev" is not an environment of the pipeline; declare dev under gcp, or pass one of: prod',
    );
  });

  test("no login for an environment the pipeline does not name on that cloud", () => {
    expect(loginFor(spec, { cloud: "gcp", environment: "dev", region: "europe-west1" }, "plan")).toBeUndefined();
  });
});

describe("repository ids and legacySubjects (issue 19)", () => {
  const lookup =
    "copy it from `gh api repos/acme/platform --jq '.id, .owner.id'` (repositoryId, then ownerId), as a string";

  test.each([
    [{ repositoryId: 800000001, ownerId: "100000001" }, `repositoryId 800000001 is not a GitHub id; ${lookup}.`],
    [{ repositoryId: "acme/platform", ownerId: "100000001" }, `repositoryId "acme/platform" is not a GitHub id`],
    [{ repositoryId: "800000001", ownerId: "0" }, `ownerId "0" is not a GitHub id`],
    [{ repositoryId: "800000001" }, `ownerId undefined is missing: the immutable subject names both ids; ${lookup}.`],
    [{ ownerId: "100000001" }, "repositoryId undefined is missing: the immutable subject names both ids"],
    [
      { legacySubjects: "yes" },
      `legacySubjects "yes" is not true or false; set legacySubjects: true while the repository still gets name-only OIDC subjects, or leave it out.`,
    ],
    [{ legacySubjects: null }, "legacySubjects null is not a value"],
  ])("%j", (props, message) => {
    expect(fails(props)).toThrow(message);
    expect(fails(props)).toThrow(expect.objectContaining({ code: "invalid-prop" }));
  });

  test("the spec keeps both ids; legacy subjects are off unless asked for", () => {
    const spec = new GitHubPipeline({ ...BASE_PROPS, repositoryId: "800000001", ownerId: "100000001" }).spec;
    expect(spec.ids).toEqual({ repository: "800000001", owner: "100000001" });
    expect(spec.legacySubjects).toBe(false);
    expect(new GitHubPipeline({ ...BASE_PROPS, legacySubjects: true }).spec.legacySubjects).toBe(true);
  });
});
