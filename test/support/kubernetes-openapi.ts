import * as fs from "fs";
import * as path from "path";

// A strict field walk of built-in Kubernetes objects over the Kubernetes OpenAPI models of
// @kubernetes/client-node 2.0.1 (a devDependency): each generated model file ends with
// `<Model>.attributeTypeMap = [{ name, baseName, type, format }, ...]`, the fields of that
// OpenAPI definition. Every key must be one of its model's fields, every value of the field's type
// (int32/int64 whole numbers, int-or-string, maps, lists, nested models). The package root does
// not load on Node 20 (undici `createZstdDecompress`) and is ESM, so the model files are read as
// text and their attribute maps parsed as JSON (they are JSON literals), each once per process.
// The approach is the kubernetes-delivery review's "Schema validation" section (M10).

const MODELS = path.join(path.dirname(require.resolve("@kubernetes/client-node/package.json")), "dist/gen/models");

interface Attribute {
  readonly baseName: string;
  readonly type: string;
  readonly format: string;
}

const loaded = new Map<string, ReadonlyMap<string, Attribute>>();

/** The fields of model `name` by their JSON name; throws when the package has no such model. */
function fieldsOf(name: string): ReadonlyMap<string, Attribute> {
  const known = loaded.get(name);
  if (known) return known;
  const file = path.join(MODELS, `${name}.js`);
  if (!fs.existsSync(file)) throw new Error(`@kubernetes/client-node has no model ${name}`);
  const text = fs.readFileSync(file, "utf8");
  const m = new RegExp(`${name}\\.attributeTypeMap = (\\[[\\s\\S]*?\\]);`).exec(text);
  if (!m) throw new Error(`model ${name} has no attributeTypeMap`);
  const fields = new Map((JSON.parse(m[1]) as Attribute[]).map((a) => [a.baseName, a]));
  loaded.set(name, fields);
  return fields;
}

/** The root model of a built-in object: `apps/v1` `Deployment` is V1Deployment, `autoscaling/v2` HPA V2HorizontalPodAutoscaler. */
export function modelOf(object: { apiVersion: string; kind: string }): string {
  const version = object.apiVersion.split("/").at(-1)!;
  return `${version[0].toUpperCase()}${version.slice(1)}${object.kind}`;
}

/** A Terraform expression in a synthesized value: its type is Terraform's to check. */
const EXPRESSION = /^\$\{[\s\S]*\}$/;

function typeName(v: unknown): string {
  return Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
}

/** The errors of `value` against OpenAPI type `type` (a model, a primitive, `Array<T>` or a map). */
function walk(value: unknown, type: string, format: string, at: string, out: string[]): void {
  if (typeof value === "string" && EXPRESSION.test(value)) return;
  const list = /^Array<(.+)>$/.exec(type);
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (list) {
    if (!Array.isArray(value)) return void out.push(`${at}: expected a list, got ${typeName(value)}`);
    value.forEach((v, i) => walk(v, list[1], "", `${at}[${i}]`, out));
  } else if (map) {
    if (typeName(value) !== "object") return void out.push(`${at}: expected a map, got ${typeName(value)}`);
    for (const [k, v] of Object.entries(value as object)) walk(v, map[1], "", `${at}.${k}`, out);
  } else if (type === "any") {
    return;
  } else if (type === "string" || type === "Date") {
    if (typeof value !== "string") out.push(`${at}: expected a string, got ${typeName(value)}`);
  } else if (type === "boolean") {
    if (typeof value !== "boolean") out.push(`${at}: expected a boolean, got ${typeName(value)}`);
  } else if (type === "number") {
    if (typeof value !== "number") out.push(`${at}: expected a number, got ${typeName(value)}`);
    else if ((format === "int32" || format === "int64") && !Number.isInteger(value))
      out.push(`${at}: expected a whole number, got ${value}`);
  } else if (type === "IntOrString") {
    if (!(typeof value === "string" || (typeof value === "number" && Number.isInteger(value))))
      out.push(`${at}: expected a whole number or a string, got ${typeName(value)}`);
  } else {
    if (typeName(value) !== "object")
      return void out.push(`${at}: expected an object (${type}), got ${typeName(value)}`);
    const fields = fieldsOf(type);
    for (const [k, v] of Object.entries(value as object)) {
      const field = fields.get(k);
      if (!field) out.push(`${at}.${k}: unknown field of ${type}`);
      else walk(v, field.type, field.format, `${at}.${k}`, out);
    }
  }
}

/** The errors of `value` as an instance of model `model`, strictly; empty when it is valid. */
export function modelErrors(value: unknown, model: string): string[] {
  const out: string[] = [];
  walk(value, model, "", "", out);
  return out;
}

/** The errors of a built-in Kubernetes object against the OpenAPI, strictly; empty when it is valid. */
export function openApiErrors(object: { apiVersion: string; kind: string }): string[] {
  return modelErrors(object, modelOf(object));
}

/** Whether `@kubernetes/client-node` has a model for the object: a built-in kind. */
export function isBuiltIn(object: { apiVersion: string; kind: string }): boolean {
  return fs.existsSync(path.join(MODELS, `${modelOf(object)}.js`));
}
