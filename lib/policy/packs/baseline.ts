import { Pack } from "../rule";
import { encryptedAtRest } from "../rules/encrypted-at-rest";
import { githubOidcTrustScoped } from "../rules/github-oidc-trust-scoped";
import { imagesPinned } from "../rules/images-pinned";
import { imdsv2Required } from "../rules/imdsv2-required";
import { kubernetesApiPrivate } from "../rules/kubernetes-api-private";
import { kubernetesControlPlaneLogging } from "../rules/kubernetes-control-plane-logging";
import { kubernetesSecretsEncrypted } from "../rules/kubernetes-secrets-encrypted";
import { noLiteralSecrets } from "../rules/no-literal-secrets";
import { noOpenAdminIngress } from "../rules/no-open-admin-ingress";
import { noPublicDatabase } from "../rules/no-public-database";
import { noPublicIp } from "../rules/no-public-ip";
import { productionDataProtected } from "../rules/production-data-protected";
import { requiredTags } from "../rules/required-tags";
import { shieldedVm } from "../rules/shielded-vm";

/** Landform's baseline: the security and data-protection rules every stack should pass. */
export const baselinePack: Pack = {
  name: "baseline",
  description:
    "Encryption, network exposure, instance hardening, Kubernetes control plane, secrets, image pinning, tags, production data.",
  rules: [
    encryptedAtRest,
    noPublicDatabase,
    noOpenAdminIngress,
    imdsv2Required,
    shieldedVm,
    noPublicIp,
    kubernetesApiPrivate,
    kubernetesSecretsEncrypted,
    kubernetesControlPlaneLogging,
    noLiteralSecrets,
    imagesPinned,
    requiredTags,
    productionDataProtected,
    githubOidcTrustScoped,
  ],
};
