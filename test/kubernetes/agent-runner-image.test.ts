import * as fs from "fs";
import * as path from "path";
import { CHARTS } from "../../lib/kubernetes/addons";

/**
 * images/agent-runner/Dockerfile: tofu-controller's runner at the installed version, with its
 * entrypoint, plus the commands Landform's providers run for cluster credentials, each pinned.
 */
const text = fs.readFileSync(path.join(__dirname, "../../images/agent-runner/Dockerfile"), "utf8");
const lines = text.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
const arg = (name: string) => lines.find((l) => l.startsWith(`ARG ${name}=`))?.split("=")[1];

test("starts FROM tf-runner at the tofu-controller version Landform installs", () => {
  expect(arg("TF_RUNNER_VERSION")).toBe(CHARTS["tofu-controller"].appVersion);
  const from = lines.filter((l) => l.startsWith("FROM "));
  expect(from[from.length - 1]).toBe("FROM ghcr.io/flux-iac/tf-runner:${TF_RUNNER_VERSION}");
});

test("keeps tf-runner's entrypoint and ends as its non-root user", () => {
  expect(lines.filter((l) => /^(ENTRYPOINT|CMD)\b/.test(l))).toEqual([]);
  expect(lines[lines.length - 1]).toBe("USER 65532:65532");
});

test("adds the credential commands the providers run, at pinned versions, and checks them at build time", () => {
  // The commands Landform's kubernetes and helm providers exec (lib/aws and lib/gcp cluster-access.ts).
  const commands = ["aws", "gke-gcloud-auth-plugin"];
  for (const file of ["lib/aws/cluster-access.ts", "lib/gcp/cluster-access.ts"]) {
    const source = fs.readFileSync(path.join(__dirname, "../..", file), "utf8");
    const command = /command: "([^"]+)"/.exec(source)?.[1];
    expect(commands).toContain(command);
  }
  expect(arg("AWS_CLI_VERSION")).toMatch(/^\d+\.\d+\.\d+$/);
  expect(arg("GCLOUD_VERSION")).toMatch(/^\d+\.\d+\.\d+$/);
  expect(text).toContain('"awscli==${AWS_CLI_VERSION}"');
  expect(text).toContain("google-cloud-cli:${GCLOUD_VERSION}-alpine");
  expect(text).not.toMatch(/:latest\b/);
  const check = lines.find((l) => l.startsWith("RUN aws --version"));
  for (const c of commands) expect(check).toContain(`${c} --version`);
});
