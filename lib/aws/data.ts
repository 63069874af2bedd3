import { Token } from "cdktf";
import type { Architecture } from "../core/images";
import { NameRules } from "../core/naming";
import type { CloudData } from "../core/target";

// Key ARNs only: RDS and EC2 report the key ARN back, so an alias ARN would show as a change
// that forces replacement on every plan.
const KMS_KEY = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/.+$/;

// A grant is an inline policy on the identity's role.
const IAM_ROLE = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;
const GCP_MEMBER = /^(serviceAccount|user|group|domain|principal|principalSet):/;

/** Where AWS publishes each portable image: an AMI name pattern per architecture, by owner. */
export const AWS_IMAGES = {
  "ubuntu-24.04": {
    owner: "099720109477", // Canonical
    name: {
      x86_64: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*",
      arm64: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*",
    },
  },
  "ubuntu-22.04": {
    owner: "099720109477",
    name: {
      x86_64: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*",
      arm64: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-*",
    },
  },
  "debian-12": { owner: "136693071363", name: { x86_64: "debian-12-amd64-*", arm64: "debian-12-arm64-*" } }, // Debian
} as const;

/** What AWS offers and allows, as data: no provider classes here. */
export const AWS_DATA: CloudData = {
  images: AWS_IMAGES,
  kubernetesProduct: "EKS",
  // User data is limited to 16 KB before base64 (EC2 User Guide, "Work with instance user data").
  startupScriptMaxBytes: 16 * 1024,
  labelProblem(key, value) {
    if (key.length === 0 || key.length > 128) return `key ${JSON.stringify(key)} must be 1 to 128 characters on AWS`;
    if (key.toLowerCase().startsWith("aws:")) return `key ${JSON.stringify(key)} uses the reserved "aws:" prefix`;
    if (value.length > 256) return `value of ${JSON.stringify(key)} is longer than AWS's 256 characters`;
    return undefined;
  },
  encryptionKeyProblem(key) {
    if (Token.isUnresolved(key) || KMS_KEY.test(key)) return undefined;
    return [
      "is not a KMS key ARN",
      'use the key\'s ARN (for an alias, its target_key_arn), e.g. "arn:aws:kms:eu-west-1:123456789012:key/..."',
    ];
  },
  // Graviton families carry a `g` after the generation: t4g, m7g, c7gn.
  architectureOf(machineType): Architecture {
    const family = machineType.split(/[.-]/)[0];
    return /^[a-z]+\d+g[a-z]*$/.test(family) ? "arm64" : "x86_64";
  },
  databaseUsernames: { postgres: "postgres", mysql: "admin" },
  maxBackupDays: 35,
  engineVersions: { postgres: ["13", "14", "15", "16", "17"], mysql: ["8.0", "8.4"] },
  // gp3
  storageBounds: { min: 20, max: 65536 },
  // Minor versions EKS offers for new clusters (late 2025), and whether each is still in standard
  // support or only in (paid) extended support. Update as EKS releases and retires versions.
  kubernetesVersions: {
    "1.30": "extended",
    "1.31": "extended",
    "1.32": "standard",
    "1.33": "standard",
    "1.34": "standard",
  },
  clusterNameRule: NameRules.awsStrict,
  // A VPC has one CIDR; EKS pods use its subnets and RDS needs no peering.
  networkAttributes: [],
  // IRSA: service accounts assume roles through the cluster's OIDC provider.
  // What firewalls match an instance by as a source of traffic.
  instanceAttributes: ["securityGroupId"],
  clusterAttributes: ["oidcProviderArn", "oidcIssuer"],
  principalProblem(principal) {
    if (GCP_MEMBER.test(principal)) return "is a GCP IAM member, not an AWS IAM role";
    if (Token.isUnresolved(principal) || IAM_ROLE.test(principal)) return undefined;
    return "is not an IAM role ARN";
  },
};

/** The EKS managed add-ons Landform installs on every cluster. */
export type EksAddonName = "vpc-cni" | "kube-proxy" | "eks-pod-identity-agent" | "coredns" | "aws-ebs-csi-driver";

/**
 * The `addon_version` of each managed add-on, per Kubernetes minor version, so a version bump of
 * the cluster moves its add-ons with it and nothing drifts to "whatever was default that day".
 * Sources (late 2025): the Amazon EKS User Guide version tables for coredns (managing-coredns) and
 * kube-proxy (managing-kube-proxy); vpc-cni, eks-pod-identity-agent and aws-ebs-csi-driver from
 * `aws eks describe-addon-versions` as recorded in the AWS cdk-eks-blueprints add-on version map.
 * Check with `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <name>`.
 * Every version in `kubernetesVersions` has a row (a test checks it).
 */
export const EKS_ADDON_VERSIONS: Readonly<Record<string, Readonly<Record<EksAddonName, string>>>> = {
  "1.30": {
    "vpc-cni": "v1.21.1-eksbuild.7",
    "kube-proxy": "v1.30.14-eksbuild.28",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    coredns: "v1.11.4-eksbuild.33",
    "aws-ebs-csi-driver": "v1.58.0-eksbuild.1",
  },
  "1.31": {
    "vpc-cni": "v1.21.1-eksbuild.7",
    "kube-proxy": "v1.31.14-eksbuild.9",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    coredns: "v1.11.4-eksbuild.33",
    "aws-ebs-csi-driver": "v1.58.0-eksbuild.1",
  },
  "1.32": {
    "vpc-cni": "v1.21.1-eksbuild.7",
    "kube-proxy": "v1.32.13-eksbuild.5",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    coredns: "v1.11.4-eksbuild.33",
    "aws-ebs-csi-driver": "v1.58.0-eksbuild.1",
  },
  "1.33": {
    "vpc-cni": "v1.21.1-eksbuild.7",
    "kube-proxy": "v1.33.10-eksbuild.2",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    coredns: "v1.13.2-eksbuild.4",
    "aws-ebs-csi-driver": "v1.58.0-eksbuild.1",
  },
  "1.34": {
    "vpc-cni": "v1.21.1-eksbuild.7",
    "kube-proxy": "v1.34.6-eksbuild.2",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    coredns: "v1.13.2-eksbuild.4",
    "aws-ebs-csi-driver": "v1.58.0-eksbuild.1",
  },
};

/**
 * What a production database gets on AWS instead of a burstable size class: RDS has no
 * non-burstable class with 2 vCPUs and 4 GiB, so "small" becomes the 2 vCPU / 8 GiB m-class.
 */
export const PRODUCTION_DATABASE_CLASSES: Readonly<Record<string, string>> = { "db.t3.medium": "db.m6i.large" };

/** Burstable RDS classes (db.t2, db.t3, db.t4g): CPU credits run out under sustained load. */
export function isBurstableDatabaseClass(instanceClass: string): boolean {
  return /^db\.t\d/.test(instanceClass);
}
