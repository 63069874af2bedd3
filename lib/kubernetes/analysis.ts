import type { Duration } from "./strategy";

/**
 * SigV4 signing of the Argo Rollouts controller's queries, for Amazon Managed Service for
 * Prometheus (argo-rollouts v1.9.0 `docs/analysis/prometheus.md` "Authorization"; the controller's
 * IRSA role needs `aps:QueryMetrics`). A server that needs none (the in-cluster Prometheus, the
 * Google Managed Prometheus frontend) takes no `sigv4`.
 */
export interface PrometheusSigV4 {
  /** The AMP workspace's region, e.g. "eu-west-1". */
  readonly region: string;
  /** A role the controller assumes before signing. @default - the controller's own (IRSA) role */
  readonly roleArn?: string;
}

/**
 * A Prometheus query that decides whether a release is healthy.
 *
 * The query must return an instant vector (`sum(...)` does). Landform guards both conditions, so a
 * measurement with no samples or a NaN (0/0, e.g. a canary that served no request yet) is
 * Inconclusive, neither a pass nor a silent failure (argo-rollouts v1.9.0
 * `docs/features/analysis.md` "NaN and Infinity" and "Empty array"; `utils/evaluate/evaluate.go`:
 * with both conditions false the measurement is Inconclusive).
 */
export interface PrometheusMetric {
  /** The metric's name in the analysis, e.g. "success-rate". */
  readonly name: string;
  /**
   * The Prometheus query API's base URL: an AMP workspace's
   * `https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/` (with `sigv4`), a Google
   * Managed Prometheus frontend's Service, or another server.
   * @default - the cluster's Prometheus, which the add-ons stack installs and which scrapes
   * Applications that set `metrics`
   */
  readonly address?: string;
  /**
   * The PromQL query. Arguments: `{{args.app}}` and `{{args.namespace}}` (the Application),
   * `{{args.canary-hash}}` (the new release's pod-template hash: its pods are named
   * `<app>-<hash>-<suffix>`) and `{{args.service}}` (the Service that selects only the new
   * release: the canary or preview Service). Scope the query to the new release, e.g.
   * `sum(rate(http_requests_total{namespace="{{args.namespace}}",pod=~"{{args.app}}-{{args.canary-hash}}-.*",code!~"5.."}[2m])) / sum(rate(http_requests_total{namespace="{{args.namespace}}",pod=~"{{args.app}}-{{args.canary-hash}}-.*"}[2m]))`.
   */
  readonly query: string;
  /** When a measurement passes, as an expression over `result[0]`, e.g. "result[0] >= 0.99". */
  readonly successCondition: string;
  /** When a measurement fails. @default - whenever a measurement with a value does not pass */
  readonly failureCondition?: string;
  /** Time between measurements. @default "1m" */
  readonly interval?: Duration;
  /** Measurements to take. @default 5 */
  readonly count?: number;
  /** Wait before the first measurement, so the new release has served requests. @default - none */
  readonly initialDelay?: Duration;
  /** Failed measurements tolerated before the analysis fails (and the rollout aborts and rolls back). @default 1 */
  readonly failureLimit?: number;
  /**
   * Inconclusive measurements (no data, NaN) tolerated; one more makes the analysis Inconclusive,
   * which pauses the rollout for a person to promote or abort. @default 1
   */
  readonly inconclusiveLimit?: number;
  /** Consecutive query errors tolerated before the analysis errors. @default 4 (Argo's default) */
  readonly consecutiveErrorLimit?: number;
  /** How long a query may take. @default - Argo's default (30 s) */
  readonly timeoutSeconds?: number;
  /** SigV4 signing for Amazon Managed Service for Prometheus. @default - none */
  readonly sigv4?: PrometheusSigV4;
}

/** An Argo Rollouts AnalysisTemplate: metrics that must hold, or the rollout aborts and rolls back. */
export interface AnalysisTemplateProps {
  /** The template's name suffix: the template is `<application>-<name>`. A Kubernetes name. */
  readonly name: string;
  readonly metrics: PrometheusMetric[];
}

/** The guard that makes an empty or NaN result neither pass nor fail (see `PrometheusMetric`). */
export const HAS_VALUE = "len(result) > 0 && !isNaN(result[0])";

/** The metric's emitted conditions: both guarded, so no data is Inconclusive. */
export function guardedConditions(m: PrometheusMetric): { successCondition: string; failureCondition: string } {
  return {
    successCondition: `${HAS_VALUE} && (${m.successCondition})`,
    failureCondition: `${HAS_VALUE} && ${m.failureCondition ? `(${m.failureCondition})` : `!(${m.successCondition})`}`,
  };
}
