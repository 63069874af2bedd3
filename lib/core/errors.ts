import { IConstruct } from "constructs";

/** Every error Landform raises for bad input. Its message names the construct, the prop, the value and the fix. */
export class LandformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LandformError";
  }
}

/** `Network 'aws-prod/network'`: the kind of construct and its path without the app root. */
export function describe(scope: IConstruct, kind?: string): string {
  const name = kind ?? scope.constructor.name;
  return `${name} '${scope.node.path}'`;
}

/** Renders a user's value the way they would have written it. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  return JSON.stringify(value) ?? String(value);
}

/**
 * A prop with a bad value:
 * `Network 'aws-prod/network': cidr "10.0.0.0/33" is not a valid IPv4 CIDR; use a block such as "10.0.0.0/16".`
 */
export function invalidProp(
  scope: IConstruct,
  prop: string,
  value: unknown,
  problem: string,
  fix: string,
  kind?: string,
): LandformError {
  return new LandformError(`${describe(scope, kind)}: ${prop} ${show(value)} ${problem}; ${fix}.`);
}

/** A prop or feature the stack's cloud cannot honour. Never dropped silently. */
export function unsupportedOnCloud(
  scope: IConstruct,
  prop: string,
  cloud: string,
  why: string,
  fix: string,
  kind?: string,
): LandformError {
  return new LandformError(`${describe(scope, kind)}: ${prop} is not supported on ${cloud}: ${why}; ${fix}.`);
}

/** Any other problem with a construct's configuration. */
export function invalidConfig(scope: IConstruct, problem: string, fix: string, kind?: string): LandformError {
  return new LandformError(`${describe(scope, kind)}: ${problem}; ${fix}.`);
}
