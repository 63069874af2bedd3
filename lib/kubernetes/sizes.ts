import { SizeName } from "../core/sizes";

/** What one pod of an Application gets, per portable size: CPU requested, memory requested and limited. */
export interface PodResources {
  /** CPU request; no CPU limit, so pods use idle CPU instead of being throttled. */
  readonly cpu: string;
  /** Memory request and limit (equal, so the scheduler's promise is what the pod can use). */
  readonly memory: string;
}

/** The portable size table for pods. Published in docs/delivery.md. */
export const POD_SIZES: Readonly<Record<SizeName, PodResources>> = {
  small: { cpu: "250m", memory: "512Mi" },
  medium: { cpu: "500m", memory: "1Gi" },
  large: { cpu: "1", memory: "2Gi" },
  xlarge: { cpu: "2", memory: "4Gi" },
};
