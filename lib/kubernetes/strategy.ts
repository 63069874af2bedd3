import type { AnalysisTemplateProps } from "./analysis";
import { optionsOf } from "./private/options";

/** A duration as Argo Rollouts reads it: a whole number of seconds, minutes or hours, e.g. "30s", "5m", "1h". */
export type Duration = string;

/** One step of a canary rollout. Build them with `CanaryStep.setWeight`, `.pause` and `.analysis`. */
export class CanaryStep {
  /** Sends `percent` (1-100) of the pods (or traffic) to the new release. Weights must rise to 100. */
  static setWeight(percent: number): CanaryStep {
    return new CanaryStep({ kind: "setWeight", percent });
  }

  /** Waits `duration`, or until someone promotes the rollout (`kubectl argo rollouts promote`) when none is given. */
  static pause(duration?: Duration): CanaryStep {
    return new CanaryStep({ kind: "pause", duration });
  }

  /** Runs an analysis and waits for it: a failed analysis aborts the rollout and returns to the stable release. */
  static analysis(analysis: AnalysisTemplateProps): CanaryStep {
    return new CanaryStep({ kind: "analysis", analysis });
  }

  /** @internal */
  readonly step: CanaryStepSpec;

  private constructor(step: CanaryStepSpec) {
    this.step = step;
  }
}

export type CanaryStepSpec =
  | { readonly kind: "setWeight"; readonly percent: number }
  | { readonly kind: "pause"; readonly duration?: Duration }
  | { readonly kind: "analysis"; readonly analysis: AnalysisTemplateProps };

export interface RollingOptions {
  /** Pods above the desired count during an update, as a count or a percentage ("25%"). @default "25%" */
  readonly maxSurge?: number | string;
  /** Pods below the desired count during an update. @default 0 */
  readonly maxUnavailable?: number | string;
}

export interface CanaryOptions {
  /** The steps, in order; weights must rise and end at 100. */
  readonly steps: CanaryStep[];
  /**
   * An analysis that runs for the whole rollout from the first step: when it fails, the rollout
   * aborts and the stable release takes all pods back. @default - none
   */
  readonly analysis?: AnalysisTemplateProps;
  /**
   * With traffic routing (`Application.expose`), how long the canary pods stay up after an abort,
   * once the route sends them nothing (Argo's `abortScaleDownDelaySeconds`). @default "30s"
   */
  readonly abortScaleDownDelay?: Duration;
}

export interface BlueGreenOptions {
  /**
   * Switch the active Service to the new release as soon as it is ready (and its pre-promotion
   * analysis passed). When false, someone promotes it. @default false
   */
  readonly autoPromote?: boolean;
  /**
   * Promote this long after the preview is ready even when `autoPromote` is false, unless someone
   * aborts first (Argo's `autoPromotionSeconds`). @default - never: a person promotes
   */
  readonly autoPromoteAfter?: Duration;
  /** Pods of the new release while it is only behind the preview Service. @default - the full count */
  readonly previewReplicas?: number;
  /** How long the old release keeps running after the switch, for a quick roll back. @default "30s" */
  readonly scaleDownDelay?: Duration;
  /** Checks the preview before it is promoted; a failure stops the promotion. @default - none */
  readonly prePromotionAnalysis?: AnalysisTemplateProps;
  /** Checks the new release after the switch; a failure switches back. @default - none */
  readonly postPromotionAnalysis?: AnalysisTemplateProps;
}

export type StrategySpec =
  | ({ readonly kind: "rolling" } & RollingOptions)
  | ({ readonly kind: "canary" } & CanaryOptions)
  | ({ readonly kind: "blueGreen" } & BlueGreenOptions);

/**
 * How an Application replaces its pods with a new release. `rolling()` is a Deployment;
 * `canary(...)` and `blueGreen(...)` are an Argo Rollouts `Rollout`, whose controller Landform
 * installs in the cluster's add-ons stack.
 */
export class RolloutStrategy {
  /** A Kubernetes Deployment's rolling update. */
  static rolling(options: RollingOptions = {}): RolloutStrategy {
    return new RolloutStrategy({ kind: "rolling", ...optionsOf("RolloutStrategy.rolling", options) });
  }

  /** Shifts pods to the new release step by step, with pauses and analyses between. Needs a readiness probe. */
  static canary(options: CanaryOptions): RolloutStrategy {
    return new RolloutStrategy({ kind: "canary", ...optionsOf("RolloutStrategy.canary", options) });
  }

  /** Runs the new release beside the old behind a preview Service, then switches the active Service. Needs a readiness probe. */
  static blueGreen(options: BlueGreenOptions = {}): RolloutStrategy {
    return new RolloutStrategy({ kind: "blueGreen", ...optionsOf("RolloutStrategy.blueGreen", options) });
  }

  /** @internal */
  readonly spec: StrategySpec;

  private constructor(spec: StrategySpec) {
    this.spec = spec;
  }

  /** True for canary and blue-green, which Argo Rollouts runs. */
  get progressive(): boolean {
    return this.spec.kind !== "rolling";
  }
}
