import type { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Construct } from "constructs";
import { Checks, PropRules } from "../core/validate";
import type { ICluster } from "../contracts/cluster";
import type { IClusterServiceAccount } from "../contracts/cluster-service-account";
import type { Identity } from "../contracts/identity";
import { buildJobPod, JOB_RULES, JobProps, jobSpec, manifestOf } from "./job";

export interface CronJobProps extends JobProps {
  /** When to run, in cron syntax (five fields: minute hour day-of-month month day-of-week), e.g. "0 3 * * *". */
  readonly schedule: string;
  /** The IANA time zone the schedule is in. @default "Etc/UTC" */
  readonly timeZone?: string;
  /** What happens when a run is due while the previous one still runs. @default "Forbid" */
  readonly concurrencyPolicy?: "Forbid" | "Replace" | "Allow";
  /** Stop scheduling new runs. @default false */
  readonly suspend?: boolean;
}

// Five fields of numbers, ranges, lists, steps, names and "*" (robfig/cron, as the CronJob controller parses it).
const FIELD = "[-*/,0-9A-Za-z?]+";
const CRON = new RegExp(`^(?:@(?:yearly|annually|monthly|weekly|daily|midnight|hourly)|${FIELD}(?: ${FIELD}){4})$`);
const TIME_ZONE = /^(?:Etc\/UTC|UTC|[A-Z][A-Za-z_+-]*(?:\/[A-Za-z0-9_+-]+){1,2})$/;

const CRON_RULES: PropRules<CronJobProps> = {
  ...(JOB_RULES as PropRules<CronJobProps>),
  schedule: Checks.required(
    Checks.string({ pattern: CRON, hint: 'five cron fields such as "0 3 * * *", or "@daily"' }),
  ),
  timeZone: Checks.string({ pattern: TIME_ZONE, hint: 'an IANA time zone such as "Europe/Paris" or "Etc/UTC"' }),
  concurrencyPolicy: Checks.oneOf(["Forbid", "Replace", "Allow"]),
  suspend: Checks.boolean(),
};

/**
 * A Kubernetes CronJob: a hardened Job on a schedule (reports, clean-ups, backups), with the pod
 * options of an Application. Runs never overlap unless `concurrencyPolicy` says so; the last 3
 * successful and failed runs are kept. Like cdk8s-plus `CronJob`.
 */
export class CronJob extends Construct {
  /** @internal */
  static readonly landformKind = "CronJob";

  readonly name: string;
  readonly namespace: string;
  readonly cluster: ICluster;
  /** The cloud identity the pods run as, when `identity` is on. */
  readonly identity?: Identity;
  /** The service account with the cloud identity, when `identity` is on. */
  readonly serviceAccount?: IClusterServiceAccount;
  /** The CronJob, as a `kubernetes_manifest` resource: the escape hatch. */
  readonly manifest: Manifest;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    super(scope, id);
    this.cluster = props?.cluster;
    // CronJob names are at most 52 characters: the controller appends an 11-character suffix per run.
    const built = buildJobPod(this, props, CRON_RULES as PropRules<JobProps>, 52);
    this.name = built.name;
    this.namespace = built.namespace;
    this.serviceAccount = built.serviceAccount;
    this.identity = built.serviceAccount?.identity;
    for (const [oid, object] of built.extra) manifestOf(this, oid, object, built.after);
    this.manifest = manifestOf(
      this,
      "Resource",
      {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: {
          name: built.name,
          namespace: built.namespace,
          labels: { "app.kubernetes.io/name": built.name, "app.kubernetes.io/managed-by": "landform" },
        },
        spec: {
          schedule: props.schedule,
          timeZone: props.timeZone ?? "Etc/UTC",
          concurrencyPolicy: props.concurrencyPolicy ?? "Forbid",
          suspend: props.suspend ?? false,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 3,
          jobTemplate: {
            metadata: { labels: { "app.kubernetes.io/name": built.name } },
            spec: jobSpec(props, built.template),
          },
        },
      },
      built.after,
    );
  }
}
