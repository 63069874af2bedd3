import Ajv, { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import * as fs from "fs";
import { parse } from "yaml";
import * as path from "path";

/** The custom resources Landform writes, and the CRD (copied into test/schemas) that defines each. */
const CRDS: Record<string, { file: string; version: string }> = {
  "argoproj.io/v1alpha1/Rollout": { file: "argo-rollouts-rollout-crd.yaml", version: "v1alpha1" },
  "argoproj.io/v1alpha1/AnalysisTemplate": { file: "argo-rollouts-analysistemplate-crd.yaml", version: "v1alpha1" },
  "source.toolkit.fluxcd.io/v1/GitRepository": { file: "flux-gitrepository-crd.yaml", version: "v1" },
  "source.toolkit.fluxcd.io/v1/OCIRepository": { file: "flux-ocirepository-crd.yaml", version: "v1" },
  "infra.contrib.fluxcd.io/v1alpha2/Terraform": { file: "tofu-controller-terraforms-crd.yaml", version: "v1alpha2" },
  "gateway.networking.k8s.io/v1/GatewayClass": { file: "gateway-api-gatewayclasses-crd.yaml", version: "v1" },
  "gateway.networking.k8s.io/v1/Gateway": { file: "gateway-api-gateways-crd.yaml", version: "v1" },
  "gateway.networking.k8s.io/v1/HTTPRoute": { file: "gateway-api-httproutes-crd.yaml", version: "v1" },
  "cert-manager.io/v1/Issuer": { file: "cert-manager-issuers-crd.yaml", version: "v1" },
  "networking.gke.io/v1/HealthCheckPolicy": { file: "gke-healthcheckpolicies-crd.yaml", version: "v1" },
  "external-secrets.io/v1/SecretStore": { file: "external-secrets-secretstore-crd.yaml", version: "v1" },
  "external-secrets.io/v1/ExternalSecret": { file: "external-secrets-externalsecret-crd.yaml", version: "v1" },
};

type Schema = Record<string, unknown>;

/**
 * Closes every object schema that lists properties (and does not preserve unknown fields), so an
 * unknown or misspelled field is rejected as the API server would prune it.
 */
function close(s: unknown): void {
  if (Array.isArray(s)) return s.forEach(close);
  if (!s || typeof s !== "object") return;
  const o = s as Schema;
  if (o.properties && o.additionalProperties === undefined && !o["x-kubernetes-preserve-unknown-fields"])
    o.additionalProperties = false;
  for (const p of Object.values((o.properties as Schema) ?? {})) close(p);
  if (o.items) close(o.items);
  if (typeof o.additionalProperties === "object") close(o.additionalProperties);
}

const compiled = new Map<string, ValidateFunction>();

function validatorFor(key: string): ValidateFunction {
  const found = compiled.get(key);
  if (found) return found;
  const crd = CRDS[key];
  if (!crd) throw new Error(`no CRD copied for ${key}`);
  const doc = parse(fs.readFileSync(path.join(__dirname, "..", "schemas", crd.file), "utf8")) as {
    spec: { group: string; names: { kind: string }; versions: { name: string; schema: { openAPIV3Schema: Schema } }[] };
  };
  const [group, version, kind] = [key.split("/").slice(0, -2).join("/"), key.split("/").at(-2), key.split("/").at(-1)];
  if (doc.spec.group !== group || doc.spec.names.kind !== kind) throw new Error(`${crd.file} does not define ${key}`);
  const schema = doc.spec.versions.find((v) => v.name === version)!.schema.openAPIV3Schema;
  close(schema);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  compiled.set(key, validate);
  return validate;
}

/** Whether a custom resource has a CRD here. */
export function hasCrd(object: { apiVersion: string; kind: string }): boolean {
  return `${object.apiVersion}/${object.kind}` in CRDS;
}

/** The schema errors of a custom resource against its CRD, strict; an empty list when it is valid. */
export function crdErrors(object: { apiVersion: string; kind: string }): string[] {
  const validate = validatorFor(`${object.apiVersion}/${object.kind}`);
  if (validate(object)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
