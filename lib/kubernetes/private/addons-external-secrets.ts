import type { ChartPin } from "../addons";

/**
 * External Secrets Operator, pinned: external-secrets/external-secrets
 * `deploy/charts/external-secrets/Chart.yaml` at tag `helm-chart-2.9.0` (commit
 * cc5bfbc2234ace9cb0caff4ea89c435cf517b27b): version 2.9.0, appVersion v2.9.0. Its CRDs
 * (`installCRDs: true`, in `templates/crds`) serve `external-secrets.io/v1` SecretStore and
 * ExternalSecret (storage version; v1beta1 is no longer served). The controller needs no cloud
 * identity of its own: each SecretStore Landform writes reads with the workload's service account.
 */
export const EXTERNAL_SECRETS_CHART: ChartPin = {
  repository: "https://charts.external-secrets.io",
  chart: "external-secrets",
  version: "2.9.0",
  appVersion: "v2.9.0",
};

export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";

/** The chart's defaults (one controller, no leader election needed), with its CRDs. */
export const EXTERNAL_SECRETS_VALUES = { installCRDs: true };
