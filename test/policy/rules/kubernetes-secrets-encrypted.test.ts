import { kubernetesSecretsEncrypted } from "../../../lib/policy/rules/kubernetes-secrets-encrypted";
import { check } from "../helpers";

describe("kubernetes-secrets-encrypted", () => {
  test.each([
    [
      "aws_eks_cluster",
      { encryption_config: { resources: ["secrets"], provider: { key_arn: "${aws_kms_key.k.arn}" } } },
    ],
    ["aws_eks_cluster", { encryption_config: [{ resources: ["secrets"] }] }],
    ["google_container_cluster", {}],
  ])("%s %j is compliant", (type, attributes) => {
    expect(check(kubernetesSecretsEncrypted, type, attributes)).toEqual([]);
  });

  test.each([
    ["aws_eks_cluster", {}],
    ["aws_eks_cluster", { encryption_config: { resources: [] } }],
  ])("%s %j is not", (type, attributes) => {
    expect(check(kubernetesSecretsEncrypted, type, attributes)).toEqual(['no encryption_config covers "secrets"']);
  });
});
