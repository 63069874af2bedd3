import { Construct } from "constructs";
import { K8S_NAME } from "../../core/naming";
import { Check, Checks } from "../../core/validate";

// The shapes Kubernetes' API server accepts (k8s.io/apimachinery/pkg/util/validation), as checks.

// A DNS-1123 label (namespaces, most object names) is defined once, in core/naming.
export { K8S_NAME };
const LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
/** A DNS-1123 subdomain: what most object names, and secret names, must be. */
export const DNS_SUBDOMAIN = new RegExp(`^(?=.{1,253}$)${LABEL}(\\.${LABEL})*$`);
/** A label or annotation key: an optional DNS subdomain prefix and "/", then a name of up to 63 characters. */
export const LABEL_KEY = new RegExp(
  `^(?:(?=[^/]{1,253}/)${LABEL}(?:\\.${LABEL})*/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`,
);
/** A label value: empty, or up to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit. */
export const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
/** A key of a Secret or ConfigMap. */
const DATA_KEY = /^[-._a-zA-Z0-9]{1,253}$/;
/** A duration as Argo Rollouts reads it. */
const DURATION = /^[1-9][0-9]*(s|m|h)$/;

export const NAME_HINT = "up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit";

export const Shapes = {
  /** A DNS-1123 label (namespace, Application, analysis names). */
  name: (): Check => Checks.string({ pattern: K8S_NAME, hint: NAME_HINT }),
  /** Where a workload runs: a namespace's name, or the namespace from `cluster.addNamespace`. */
  namespace: (): Check => (scope, prop, value) => {
    if (typeof value === "string") return Shapes.name()(scope, prop, value);
    Checks.instance(
      (v) => Construct.isConstruct(v),
      "a namespace",
      'pass the namespace\'s name ("apps") or the namespace from cluster.addNamespace',
    )(scope, prop, value);
  },
  /** A DNS-1123 subdomain (secret names). */
  subdomain: () =>
    Checks.string({
      pattern: DNS_SUBDOMAIN,
      hint: "up to 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
    }),
  dataKey: () => Checks.string({ pattern: DATA_KEY, hint: "letters, digits, '-', '_' and '.'" }),
  labels: () =>
    Checks.record(
      Checks.string({
        pattern: LABEL_VALUE,
        hint: "up to 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
      }),
      {
        pattern: LABEL_KEY,
        hint: "a name of up to 63 letters, digits, '-', '_' and '.', with an optional DNS prefix and \"/\" (e.g. \"team\" or \"acme.com/team\")",
      },
    ),
  port: () => Checks.number({ integer: true, min: 1, max: 65535 }),
  duration: () =>
    Checks.string({ pattern: DURATION, hint: 'a whole number of seconds, minutes or hours, e.g. "30s", "5m" or "1h"' }),
};
