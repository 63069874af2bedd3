import type { Duration } from "./strategy";

/** A Prometheus query that decides whether a release is healthy. */
export interface PrometheusMetric {
  /** The metric's name in the analysis, e.g. "success-rate". */
  readonly name: string;
  /** The Prometheus server's URL, e.g. "http://prometheus.monitoring:9090". */
  readonly address: string;
  /**
   * The PromQL query. `{{args.app}}` and `{{args.namespace}}` are the Application's name and
   * namespace, e.g. `sum(rate(http_requests_total{app="{{args.app}}",code!~"5.."}[2m])) / sum(rate(http_requests_total{app="{{args.app}}"}[2m]))`.
   */
  readonly query: string;
  /** When a measurement passes, as an expression over `result`, e.g. "result[0] >= 0.99". */
  readonly successCondition: string;
  /** Time between measurements. @default "1m" */
  readonly interval?: Duration;
  /** Measurements to take. @default 5 */
  readonly count?: number;
  /** Failed measurements tolerated before the analysis fails (and the rollout aborts). @default 1 */
  readonly failureLimit?: number;
}

/** An Argo Rollouts AnalysisTemplate: metrics that must hold, or the rollout aborts and rolls back. */
export interface AnalysisTemplateProps {
  /** The template's name suffix: the template is `<application>-<name>`. A Kubernetes name. */
  readonly name: string;
  readonly metrics: PrometheusMetric[];
}
