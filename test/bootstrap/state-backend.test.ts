import { StateBackend } from "../../lib";
import { stateKeyArn } from "../../lib/bootstrap";
import { synth, testStack } from "../helpers";

// The S3 backend's kms_key_id (terraform-apply-review-2 N6): without it Terraform sends SSE-S3 on
// every state and lock write, so each S3 backend names the bootstrap's key, by its alias.
describe("StateBackend.s3 kmsKeyId", () => {
  const backendOf = (kmsKeyId: string) =>
    synth(testStack("aws", { backend: StateBackend.s3({ bucket: "acme-state", kmsKeyId }) })).config.terraform!.backend
      .s3 as Record<string, unknown>;

  test.each([
    "arn:aws:kms:eu-west-1:111111111111:alias/landform-gh-state",
    "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-44cd-a6ef-1234567890ab",
    "arn:aws-us-gov:kms:us-gov-west-1:111111111111:alias/state",
    "alias/landform-gh-state",
    "1234abcd-12ab-44cd-a6ef-1234567890ab",
    "mrk-1234abcd12ab34cd56ef1234567890ab",
  ])("%s is written as kms_key_id, with encryption on", (key) => {
    expect(backendOf(key)).toMatchObject({ kms_key_id: key, encrypt: true });
  });

  test.each([
    "landform-gh-state",
    "arn:aws:kms:eu-west-1:111111111111:landform-gh-state",
    "arn:aws:s3:::acme-state",
    "alias/with space",
  ])("%s is refused, naming the stack, the option and the fix", (key) => {
    expect(() => backendOf(key)).toThrow(
      `CloudStack 'aws-test': backend kmsKeyId ${JSON.stringify(key)} is not a KMS key id, alias or ARN; give the state key's alias ARN, e.g. "arn:aws:kms:eu-west-1:111111111111:alias/landform-gh-state", or its key ARN.`,
    );
  });

  test("stateKeyArn names the alias a BootstrapStack creates, in the region's partition", () => {
    expect(stateKeyArn({ identityPrefix: "landform-gh" }, { account: "111111111111", region: "eu-west-1" })).toBe(
      "arn:aws:kms:eu-west-1:111111111111:alias/landform-gh-state",
    );
    expect(stateKeyArn({ identityPrefix: "ci" }, { account: "111111111111", region: "cn-north-1" })).toBe(
      "arn:aws-cn:kms:cn-north-1:111111111111:alias/ci-state",
    );
  });
});
