import { Cloud } from "./cloud";

/** Operating system images a ComputeInstance can boot by portable name. */
export type ImageName = "ubuntu-24.04" | "ubuntu-22.04" | "debian-12";

export type Architecture = "x86_64" | "arm64";

/** Where each cloud publishes an image: an AMI name pattern by owner, or a GCE image family in a project. */
export interface ImageSource {
  readonly aws: { readonly owner: string; readonly name: Record<Architecture, string> };
  readonly gcp: { readonly project: string; readonly family: Record<Architecture, string> };
  /** The login user the image's cloud-init creates for SSH keys. */
  readonly user: string;
}

/** The one table from portable image names to each cloud's publisher. Published in the docs. */
export const IMAGES: Readonly<Record<ImageName, ImageSource>> = {
  "ubuntu-24.04": {
    aws: {
      owner: "099720109477", // Canonical
      name: {
        x86_64: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*",
        arm64: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*",
      },
    },
    gcp: { project: "ubuntu-os-cloud", family: { x86_64: "ubuntu-2404-lts-amd64", arm64: "ubuntu-2404-lts-arm64" } },
    user: "ubuntu",
  },
  "ubuntu-22.04": {
    aws: {
      owner: "099720109477",
      name: {
        x86_64: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*",
        arm64: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64-server-*",
      },
    },
    gcp: { project: "ubuntu-os-cloud", family: { x86_64: "ubuntu-2204-lts", arm64: "ubuntu-2204-lts-arm64" } },
    user: "ubuntu",
  },
  "debian-12": {
    aws: { owner: "136693071363", name: { x86_64: "debian-12-amd64-*", arm64: "debian-12-arm64-*" } }, // Debian
    gcp: { project: "debian-cloud", family: { x86_64: "debian-12", arm64: "debian-12-arm64" } },
    user: "admin",
  },
};

export const IMAGE_NAMES = Object.keys(IMAGES) as ImageName[];

export function isImageName(value: unknown): value is ImageName {
  return typeof value === "string" && value in IMAGES;
}

/** An exact image per cloud: an AMI id on AWS, an image self link or `project/image` on GCP. */
export interface ImageIds {
  readonly aws?: string;
  readonly gcp?: string;
}

/**
 * The CPU architecture a machine type runs: AWS Graviton families carry a `g` after the
 * generation (`t4g`, `m7g`, `c7gn`); GCP Arm families are `t2a`, `c4a` and `n4a`.
 */
export function architectureOf(cloud: Cloud, machineType: string): Architecture {
  const family = machineType.split(/[.-]/)[0];
  if (cloud === "aws") return /^[a-z]+\d+g[a-z]*$/.test(family) ? "arm64" : "x86_64";
  return ["t2a", "c4a", "n4a"].includes(family) ? "arm64" : "x86_64";
}
