import { InputError } from "../../ops/errors";
import { checkFormat, CliIo } from "../io";
import { PLAN_FORMATS, PlanFormat } from "../views/plan";

/** The options `landform drift` and `landform plan review` share, as commander gives them. */
export interface PlanOptions {
  readonly stacks?: string;
  readonly format: string;
  readonly output?: string;
  readonly maxSize?: string;
}

export interface PlanArgs {
  readonly plans: readonly string[];
  /** The cdktf output folder, to match plans to stacks. */
  readonly stacks?: string;
  readonly format: PlanFormat;
  readonly output?: string;
  /** `--max-size` in bytes. */
  readonly maxBytes?: number;
}

export interface DriftArgs extends PlanArgs {
  readonly ignore?: string;
  /** YYYY-MM-DD (UTC), when an ignore's `until` is compared. */
  readonly today: string;
}

export interface ReviewArgs extends PlanArgs {
  readonly allowDestroy: readonly string[];
}

export function parsePlanArgs(plans: readonly string[], options: PlanOptions): PlanArgs {
  const format = checkFormat(options.format, PLAN_FORMATS);
  let maxBytes: number | undefined;
  if (options.maxSize !== undefined) {
    const mb = Number(options.maxSize);
    if (!Number.isFinite(mb) || mb <= 0)
      throw new InputError({ prop: "--max-size", value: options.maxSize, problem: "is not a size in MB" });
    maxBytes = mb * 1024 * 1024;
  }
  return { plans, stacks: options.stacks, format, output: options.output, maxBytes };
}

export function parseDriftArgs(
  io: CliIo,
  plans: readonly string[],
  options: PlanOptions & { ignore?: string },
): DriftArgs {
  return { ...parsePlanArgs(plans, options), ignore: options.ignore, today: today(io) };
}

export function parseReviewArgs(
  plans: readonly string[],
  options: PlanOptions & { allowDestroy?: string[] },
): ReviewArgs {
  return { ...parsePlanArgs(plans, options), allowDestroy: options.allowDestroy ?? [] };
}

/** Today in UTC as YYYY-MM-DD; LANDFORM_TODAY pins it (tests, reproducible CI runs). */
function today(io: CliIo): string {
  const pinned = io.env.LANDFORM_TODAY;
  if (pinned !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return pinned;
  return new Date().toISOString().slice(0, 10);
}
