import type { Cloud } from "../core/cloud";

/** The cloud identity something runs as (a VM, a Kubernetes service account): what other resources grant access to. */
export interface Identity {
  /** AWS: the IAM role's name. GCP: the service account's email. */
  readonly name: string;
  /** The identity's id in the cloud: the role ARN (AWS) or the service account email (GCP). */
  readonly id: string;
  /** The IAM principal or member to grant to: the role ARN (AWS) or `serviceAccount:<email>` (GCP). */
  readonly principal: string;
  /** The cloud the identity lives in; set on identities Landform makes, so another cloud's grant is refused. @default - judged by the principal's form */
  readonly cloud?: Cloud;
}
