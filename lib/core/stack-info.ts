import { IConstruct } from "constructs";
import { Cloud } from "./cloud";
import { LandformError } from "./errors";
import { NameRule } from "./naming";

/** What a construct and a cloud's builders know of the stack they are in. */
export interface StackInfo extends IConstruct {
  readonly cloud: Cloud;
  readonly region: string;
  readonly environment: string;
  readonly production: boolean;
  /** AWS account id, when given. */
  readonly account?: string;
  /** GCP project id. */
  readonly project?: string;
  /** GCP only: whether the stack enables the APIs it needs (`CloudStackProps.manageApis`). */
  readonly manageApis?: boolean;
  /** Tags/labels the provider applies to every resource. */
  readonly tags: Readonly<Record<string, string>>;
  readonly stackName: string;
  /** A deterministic name for a resource of `scope`, within the cloud's rules for that kind of name. */
  nameFor(scope: IConstruct, rule: NameRule, suffix?: string): string;
}

// A mark instead of `instanceof`, so cloud code can find its stack without importing CloudStack
// (which loads the registry) and two copies of the package still recognise each other's stacks.
export const STACK_MARK = Symbol.for("landform.CloudStack");

/** The Landform stack that holds `scope`. */
export function stackOf(scope: IConstruct): StackInfo {
  for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
    if ((s as unknown as Record<symbol, unknown>)[STACK_MARK]) return s as StackInfo;
  }
  throw new LandformError({
    code: "not-in-stack",
    constructPath: scope.node.path,
    problem: `'${scope.node.path}' is not inside a CloudStack`,
    fix: 'create Landform constructs in a CloudStack, e.g. new CloudStack(app, "aws-dev", { cloud: "aws", region: "eu-west-1", environment: "dev" })',
  });
}
