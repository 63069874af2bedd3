import { IConstruct } from "constructs";
import { invalidProp } from "./errors";
import { targetOf } from "./registry";

/** Checks a customer-managed encryption key id against the stack's cloud's form of one. */
export function checkEncryptionKey(scope: IConstruct, prop: string, key: unknown): string | undefined {
  if (key === undefined) return undefined;
  if (typeof key !== "string") {
    throw invalidProp(scope, prop, key, "is not a key id", "pass the key's ARN (AWS) or Cloud KMS key id (GCP)");
  }
  const problem = targetOf(scope).data.encryptionKeyProblem(key);
  if (problem) throw invalidProp(scope, prop, key, ...problem);
  return key;
}
