import { Token } from "cdktf";
import type { Architecture } from "../core/images";
import { NameRule, NameRules } from "../core/naming";
import type { CloudData } from "../core/target";

/** GCP label rules: lowercase letters, digits, `_` and `-`, at most 63 characters; keys start with a letter. */
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;
const KMS_KEY = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

const MEMBER = /^(serviceAccount|user|group|domain|principal|principalSet):./;

/** GKE cluster and node pool names: RFC 1035, at most 40 characters. */
export const GKE_NAME: NameRule = { ...NameRules.gcp, maxLength: 40 };

/** Where Google publishes each portable image: a GCE image family per architecture, in a project. */
export const GCP_IMAGES = {
  "ubuntu-24.04": {
    project: "ubuntu-os-cloud",
    family: { x86_64: "ubuntu-2404-lts-amd64", arm64: "ubuntu-2404-lts-arm64" },
  },
  "ubuntu-22.04": { project: "ubuntu-os-cloud", family: { x86_64: "ubuntu-2204-lts", arm64: "ubuntu-2204-lts-arm64" } },
  "debian-12": { project: "debian-cloud", family: { x86_64: "debian-12", arm64: "debian-12-arm64" } },
} as const;

/** What GCP offers and allows, as data: no provider classes here. */
export const GCP_DATA: CloudData = {
  images: GCP_IMAGES,
  kubernetesProduct: "GKE",
  // A metadata value is at most 262144 bytes (Compute Engine API, Metadata.items[].value).
  startupScriptMaxBytes: 256 * 1024,
  labelProblem(key, value) {
    if (!LABEL_KEY.test(key)) {
      return `key ${JSON.stringify(key)} breaks GCP's label rules (start with a lowercase letter; only a-z, 0-9, _ and -; at most 63 characters)`;
    }
    if (!LABEL_VALUE.test(value)) {
      return `value ${JSON.stringify(value)} of ${JSON.stringify(key)} breaks GCP's label rules (only a-z, 0-9, _ and -; at most 63 characters)`;
    }
    return undefined;
  },
  encryptionKeyProblem(key) {
    if (Token.isUnresolved(key) || KMS_KEY.test(key)) return undefined;
    return ["is not a Cloud KMS key id", 'use "projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>"'];
  },
  // Arm families: t2a, c4a, n4a.
  architectureOf(machineType): Architecture {
    return ["t2a", "c4a", "n4a"].includes(machineType.split(/[.-]/)[0]) ? "arm64" : "x86_64";
  },
  databaseUsernames: { postgres: "postgres", mysql: "root" },
  maxBackupDays: 365,
  engineVersions: { postgres: ["12", "13", "14", "15", "16", "17"], mysql: ["5.7", "8.0", "8.4"] },
  // SSD
  storageBounds: { min: 10, max: 65536 },
  // Minor versions GKE offers for new clusters (late 2025). Update as GKE releases and retires versions.
  kubernetesVersions: { "1.31": "standard", "1.32": "standard", "1.33": "standard", "1.34": "standard" },
  clusterNameRule: GKE_NAME,
  networkAttributes: ["primaryCidr", "podsRangeName", "servicesRangeName", "privateServices"],
  // Workload identity: service accounts impersonate Google service accounts through the pool.
  // What firewalls match an instance by as a source of traffic.
  instanceAttributes: ["serviceAccountEmail"],
  clusterAttributes: ["workloadPool"],
  principalProblem(principal) {
    if (principal.startsWith("arn:")) return "is an AWS ARN, not a GCP IAM member";
    // A member's kind is a literal prefix even when the rest is a reference (`serviceAccount:${email}`).
    if (MEMBER.test(principal) || Token.isUnresolved(principal)) return undefined;
    return "is not a GCP IAM member such as serviceAccount:<email>";
  },
  defaultReleaseChannel: "regular",
};

/**
 * Short names the google provider expands to scope URLs (terraform-provider-google,
 * google/tpgresource/service_scope.go, the gcloud aliases).
 */
export const GCP_SCOPE_ALIASES = [
  "bigquery",
  "cloud-platform",
  "cloud-source-repos",
  "cloud-source-repos-ro",
  "compute-ro",
  "compute-rw",
  "datastore",
  "logging-write",
  "monitoring",
  "monitoring-read",
  "monitoring-write",
  "pubsub",
  "service-control",
  "service-management",
  "sql",
  "sql-admin",
  "storage-full",
  "storage-ro",
  "storage-rw",
  "taskqueue",
  "trace",
  "useraccounts-ro",
  "useraccounts-rw",
  "userinfo-email",
];
export const GCP_SCOPE_URL = /^https:\/\/www\.googleapis\.com\/auth\/[a-z][a-z0-9._-]*$/;

/** What a VM may do is decided by IAM roles on its service account; scopes only narrow it further. */
export const DEFAULT_GCP_SCOPES = [
  "https://www.googleapis.com/auth/logging.write",
  "https://www.googleapis.com/auth/monitoring.write",
];
