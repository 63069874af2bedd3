import { PerCloud } from "./cloud";

/** Operating system images a ComputeInstance can boot by portable name. */
export type ImageName = "ubuntu-24.04" | "ubuntu-22.04" | "debian-12";

export type Architecture = "x86_64" | "arm64";

/** The login user each image's cloud-init creates for SSH keys. Where each cloud publishes an image is in its data file. */
export const IMAGE_USERS: Readonly<Record<ImageName, string>> = {
  "ubuntu-24.04": "ubuntu",
  "ubuntu-22.04": "ubuntu",
  "debian-12": "admin",
};

export const IMAGE_NAMES = Object.keys(IMAGE_USERS) as ImageName[];

export function isImageName(value: unknown): value is ImageName {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(IMAGE_USERS, value);
}

/** An exact image per cloud: an AMI id on AWS, an image self link or `project/image` on GCP. */
export type ImageIds = Partial<PerCloud<string>>;
