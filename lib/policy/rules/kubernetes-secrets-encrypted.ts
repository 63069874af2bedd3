import { blocks, strings } from "../attributes";
import { Rule } from "../rule";

export const kubernetesSecretsEncrypted: Rule = {
  id: "kubernetes-secrets-encrypted",
  severity: "error",
  title: "Kubernetes secrets are envelope-encrypted with a KMS key",
  rationale:
    "Without envelope encryption, Kubernetes secrets sit in etcd protected only by the platform's disk encryption.",
  remediation:
    'Add encryption_config { resources = ["secrets"], provider { key_arn = <KMS key ARN> } } to aws_eks_cluster. GKE encrypts secrets at rest by default.',
  check(r) {
    if (r.type !== "aws_eks_cluster") return undefined;
    const covered = blocks(r.attributes, "encryption_config").some((c) => strings(c.resources).includes("secrets"));
    return covered ? undefined : 'no encryption_config covers "secrets"';
  },
};
