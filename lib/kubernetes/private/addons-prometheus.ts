import type { ChartPin } from "../addons";
import type { Peer } from "./objects";

/**
 * The metrics backend analyses query by default: a Prometheus server in the cluster, installed by
 * the add-ons stack. prometheus-community/helm-charts tag `prometheus-29.27.0` (commit
 * ca06aaef8a20ca639f06523f467cb0ef8a114feb): chart `prometheus` 29.27.0, Prometheus v3.14.0. Its
 * default `kubernetes-pods` job (`charts/prometheus/values.yaml` `scrapeConfigs`) scrapes pods
 * annotated `prometheus.io/scrape: "true"` at `prometheus.io/port` and `prometheus.io/path`, and
 * labels each series with `namespace`, `pod` and the pod's labels (so also
 * `rollouts_pod_template_hash`).
 */
export const PROMETHEUS_CHART = {
  prometheus: {
    repository: "https://prometheus-community.github.io/helm-charts",
    chart: "prometheus",
    version: "29.27.0",
    appVersion: "v3.14.0",
  },
} as const satisfies Record<string, ChartPin>;

export const PROMETHEUS_NAMESPACE = "prometheus";

// Only the server: analyses need no Alertmanager, Pushgateway, kube-state-metrics or node exporter
// (the last needs host access). Its data lives in a size-limited emptyDir, not a volume: EKS 1.30+
// clusters have no default StorageClass, so a PersistentVolumeClaim would stay Pending; analyses
// read the last minutes, and a restarted server loses only history (retention 3 days, 8 GB).
export const PROMETHEUS_VALUES = {
  alertmanager: { enabled: false },
  "prometheus-pushgateway": { enabled: false },
  "kube-state-metrics": { enabled: false },
  "prometheus-node-exporter": { enabled: false },
  server: {
    retention: "3d",
    retentionSize: "8GB",
    persistentVolume: { enabled: false },
    emptyDir: { sizeLimit: "10Gi" },
  },
};

/**
 * The server's in-cluster URL: the release is named `prometheus`, which contains the chart's name,
 * so the server is `<release>-server` (`templates/_helpers.tpl` `prometheus.server.fullname`) and
 * its Service listens on 80 (`server.service.servicePort`).
 */
export const IN_CLUSTER_PROMETHEUS = `http://prometheus-server.${PROMETHEUS_NAMESPACE}.svc.cluster.local`;

/** The server's pods (`prometheus.server.matchLabels`), which scrape an Application's metrics port. */
export const PROMETHEUS_PEER: Peer = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": PROMETHEUS_NAMESPACE } },
  podSelector: {
    matchLabels: {
      "app.kubernetes.io/name": "prometheus",
      "app.kubernetes.io/instance": "prometheus",
      "app.kubernetes.io/component": "server",
    },
  },
};
