import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { GitHubPipeline, GitHubPipelineProps, PrivateRunner } from "../../lib/pipeline";
import { generateWorkflows } from "../../lib/pipeline/generate";
import { FLUX_CLI } from "../../lib/pipeline/workflows/agent-artifacts";
import { readOutput } from "../../lib/ops/read";
import { tempDir } from "../ops/fixture";
import { BASE_PROPS, PipelineFixtureStack, writeRepo } from "./fixture";

/**
 * kubernetes-delivery-review A5: the deploy workflow publishes the stacks left to the in-cluster
 * agent as an OCI artifact, and only when their content changed, so the agent's revision (and a
 * pending approval) moves only with them.
 */
type StepData = { name: string; id?: string; if?: string; uses?: string; run?: string; env?: Record<string, string> };
type JobData = {
  needs: string[];
  if: string;
  permissions: Record<string, string>;
  "runs-on": string;
  steps: StepData[];
};

/** dev: network <- apps (agent); prod: prodnet <- prodapps (agent), both on AWS. */
const GRAPH: readonly PipelineFixtureStack[] = [
  { name: "network" },
  { name: "apps", dependsOn: ["network"], kubernetes: true },
  { name: "prodnet", environment: "prod" },
  { name: "prodapps", environment: "prod", dependsOn: ["prodnet"], kubernetes: true },
];

function deploy(props: Partial<GitHubPipelineProps> = {}) {
  const root = writeRepo(GRAPH);
  const pipeline = new GitHubPipeline({
    ...BASE_PROPS,
    privateStacks: { "*apps": PrivateRunner.pullAgent("tofu-controller") },
    agentArtifacts: { repository: "ghcr.io/acme/platform-stacks" },
    ...props,
  });
  const generated = generateWorkflows(pipeline, readOutput("terraform", root).stacks, {
    output: "terraform",
    cwd: root,
  });
  const wf = parse(generated.workflows.find((w) => w.path.endsWith("deploy.yml"))!.text) as {
    jobs: Record<string, JobData>;
  };
  return { root, jobs: wf.jobs };
}

describe("agent artifacts: the declaration", () => {
  const make = (agentArtifacts: unknown) => () =>
    new GitHubPipeline({ ...BASE_PROPS, agentArtifacts } as unknown as GitHubPipelineProps);

  test.each([
    ["oci://ghcr.io/acme/stacks", /agentArtifacts\.repository.*without oci:\/\//s],
    ["docker.io/acme/stacks", /agentArtifacts\.repository.*only ghcr\.io accepts/s],
    ["ghcr.io/Acme/Stacks", /agentArtifacts\.repository.*lowercase/s],
    ["ghcr.io/acme", /agentArtifacts\.repository/],
  ])("refuses repository %s", (repository, message) => {
    expect(make({ repository })).toThrow(/GitHubPipeline .pipeline.: agentArtifacts.repository/);
    expect(make({ repository })).toThrow(message);
  });

  test.each(["{cloud}", "agent-{environment}", "{cloud}-{env}", "{cloud} {environment}", "-{cloud}-{environment}"])(
    "refuses tag %s",
    (tag) => {
      expect(make({ repository: "ghcr.io/acme/stacks", tag })).toThrow(
        /agentArtifacts\.tag.*\{cloud\}-\{environment\}-cluster/s,
      );
    },
  );

  test("refuses an unknown key and a non-object", () => {
    expect(make({ repository: "ghcr.io/acme/stacks", url: "x" })).toThrow(/agentArtifacts\.url/);
    expect(make("ghcr.io/acme/stacks")).toThrow(/agentArtifacts.*is not an object/s);
  });

  test("defaults the tag to {cloud}-{environment}", () => {
    const p = new GitHubPipeline({ ...BASE_PROPS, agentArtifacts: { repository: "ghcr.io/acme/stacks" } });
    expect(p.spec.agentArtifacts).toEqual({ repository: "ghcr.io/acme/stacks", tag: "{cloud}-{environment}" });
  });
});

describe("agent artifacts: the publish jobs", () => {
  const { root, jobs } = deploy();

  test("one job per agent, after the applies its stacks depend on and the previous environment, least privilege", () => {
    expect(Object.keys(jobs).filter((j) => j.startsWith("publish-"))).toEqual([
      "publish-agent-aws-dev",
      "publish-agent-aws-prod",
    ]);
    expect(jobs["publish-agent-aws-dev"].needs).toEqual(["affected", "apply-network"]);
    // prod waits for its own dependency, and for dev's applies and publish (promotion order).
    expect(jobs["publish-agent-aws-prod"].needs).toEqual([
      "affected",
      "apply-network",
      "apply-prodnet",
      "publish-agent-aws-dev",
    ]);
    for (const id of ["publish-agent-aws-dev", "publish-agent-aws-prod"]) {
      const job = jobs[id];
      expect(job.permissions).toEqual({ contents: "read", packages: "write" });
      expect(job["runs-on"]).toBe("ubuntu-24.04");
      expect(job.if).toContain("!contains(needs.*.result, 'failure')");
      expect(job.if).toContain("needs.affected.result == 'success'");
      // No action besides the pinned checkout; the flux CLI comes from a checked tarball.
      for (const s of job.steps) if (s.uses) expect(s.uses).toMatch(/^actions\/checkout@[0-9a-f]{40}$/);
      const install = job.steps.find((s) => s.name === "Install the flux CLI")!;
      expect(install.run).toContain(`/download/v${FLUX_CLI.version}/flux_${FLUX_CLI.version}_linux_amd64.tar.gz`);
      expect(install.run).toContain(`echo "${FLUX_CLI.sha256}  `);
      expect(install.run).toContain("sha256sum --check --strict");
      // Only while the commit is the trunk head.
      expect(job.steps.find((s) => s.id === "head")).toBeDefined();
      expect(install.if).toBe("${{ steps.head.outputs.current == 'true' }}");
    }
    expect(publish("publish-agent-aws-prod").env).toEqual({
      URL: "oci://ghcr.io/acme/platform-stacks:aws-prod",
      TRUNK: "main",
      REGISTRY_TOKEN: "${{ github.token }}",
    });
  });

  test("no agentArtifacts, no publish job and no packages permission", () => {
    const plain = deploy({ agentArtifacts: undefined }).jobs;
    expect(Object.keys(plain).some((j) => j.startsWith("publish-"))).toBe(false);
    expect(Object.values(plain).some((j) => "packages" in j.permissions)).toBe(false);
  });

  const publish = (id: string) => jobs[id].steps.find((s) => s.name === "Push the agent's stacks when they changed")!;

  /** Runs the publish step with a fake `flux` whose `diff artifact` exits `diffExit`; returns its calls. */
  function runPublish(diffExit: number) {
    const bin = tempDir("fake-flux");
    const temp = tempDir("runner-temp");
    const log = path.join(temp, "flux.log");
    fs.writeFileSync(
      path.join(bin, "flux"),
      [
        "#!/bin/bash",
        `echo "$*" >> "${log}"`,
        // What the artifact would hold: the folders under --path.
        'for a in "$@"; do case "$a" in --path=*) (cd "${a#--path=}" && find . -type f | sort) >> "' +
          log +
          '";; esac; done',
        `if [ "$1" = diff ]; then exit ${diffExit}; fi`,
        "exit 0",
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    const summary = path.join(temp, "summary.md");
    const step = publish("publish-agent-aws-prod");
    const result = spawnSync("bash", ["-e", "-c", step.run!], {
      cwd: root,
      encoding: "utf8",
      env: {
        ...step.env,
        REGISTRY_TOKEN: "ghs_token",
        PATH: `${bin}:${process.env.PATH}`,
        RUNNER_TEMP: temp,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_ACTOR: "octocat",
        GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_REPOSITORY: "acme/platform",
      },
    });
    return { result, calls: fs.readFileSync(log, "utf8"), summary: fs.readFileSync(summary, "utf8") };
  }

  test("unchanged content (flux diff exits 0): nothing is pushed", () => {
    const { result, calls, summary } = runPublish(0);
    expect(result.status).toBe(0);
    expect(calls).not.toMatch(/^push/m);
    expect(calls).toMatch(
      /^diff artifact oci:\/\/ghcr\.io\/acme\/platform-stacks:aws-prod --path=\S+ --creds=octocat:ghs_token$/m,
    );
    expect(summary).toContain("nothing pushed");
  });

  test("changed or missing content (flux diff exits 1): pushes only the agent's stack folders, naming the commit", () => {
    const { result, calls, summary } = runPublish(1);
    expect(result.status).toBe(0);
    const push = calls.split("\n").find((l) => l.startsWith("push "));
    expect(push).toMatch(
      /^push artifact oci:\/\/ghcr\.io\/acme\/platform-stacks:aws-prod --path=\S+ --source=https:\/\/github\.com\/acme\/platform --revision=main@sha1:0123456789abcdef0123456789abcdef01234567 --creds=octocat:ghs_token$/,
    );
    // The artifact's root holds prodapps/ and nothing else (not apps/, not prodnet/).
    const files = calls.split("\n").filter((l) => l.startsWith("./"));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.startsWith("./prodapps/"))).toBe(true);
    expect(files).toContain("./prodapps/cdk.tf.json");
    expect(summary).toContain("Pushed prodapps");
  });

  test("the flux tarball is refused when its sha256 differs", () => {
    const bin = tempDir("fake-curl");
    fs.writeFileSync(
      path.join(bin, "curl"),
      '#!/bin/bash\nwhile [ $# -gt 0 ]; do if [ "$1" = -o ]; then echo "not flux" > "$2"; fi; shift; done\n',
      { mode: 0o755 },
    );
    const temp = tempDir("runner-temp");
    const install = jobs["publish-agent-aws-dev"].steps.find((s) => s.name === "Install the flux CLI")!;
    const result = spawnSync("bash", ["-e", "-c", install.run!], {
      encoding: "utf8",
      env: { PATH: `${bin}:${process.env.PATH}`, RUNNER_TEMP: temp, GITHUB_PATH: path.join(temp, "path") },
    });
    expect(result.status).not.toBe(0);
    expect(fs.existsSync(path.join(temp, "path"))).toBe(false);
  });
});
