import { Token } from "cdktf";
import { Cloud } from "./cloud";

// Key ARNs only: RDS and EC2 report the key ARN back, so an alias ARN would show as a change
// that forces replacement on every plan.
const AWS_KMS_KEY = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/;
const GCP_KMS_KEY = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

/** Why `key` cannot name a customer-managed encryption key on `cloud`, with the fix; undefined when it can. */
export function encryptionKeyProblem(cloud: Cloud, key: string): [string, string] | undefined {
  if (Token.isUnresolved(key)) return undefined;
  if (cloud === "aws" && !AWS_KMS_KEY.test(key)) {
    return [
      "is not a KMS key ARN",
      'use the key\'s ARN (for an alias, its target_key_arn), e.g. "arn:aws:kms:eu-west-1:123456789012:key/..."',
    ];
  }
  if (cloud === "gcp" && !GCP_KMS_KEY.test(key)) {
    return ["is not a Cloud KMS key id", 'use "projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>"'];
  }
  return undefined;
}
