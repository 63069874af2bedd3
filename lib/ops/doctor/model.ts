import * as path from "path";
import { Stack } from "../read";
import { Claims, IdentityFacts, IdentityRef } from "./identity";

/** What doctor is told beyond the artefacts: facts no committed file holds. */
export interface DoctorOptions {
  /**
   * The repository the workflows run in: `owner/name`, or `owner@OWNER_ID/name@REPOSITORY_ID` with
   * the numeric ids GitHub's immutable OIDC subjects carry.
   * @default the one repository identity the committed trusts name (`repo:owner@id/name@id:`), else the GitHub URL of the agent's GitRepository
   */
  readonly repository?: string;
  /** The branch scheduled and dispatched runs use. @default the agent's GitRepository branch, else the one branch pushes deploy */
  readonly defaultBranch?: string;
  /**
   * The commands a runner provides, by one of its labels (`landform-aws-dev`) or its image
   * (`ghcr.io/acme/tf-runner`, with or without the tag), for runners doctor does not know.
   */
  readonly runners?: Readonly<Record<string, readonly string[]>>;
}

/** A GitHub repository's numeric ids (`repository_owner_id`, `repository_id`). */
export interface RepositoryIds {
  readonly owner: string;
  readonly repository: string;
}

/** Where a runner is and what doctor knows it provides. */
export interface Runner {
  /** `ubuntu-24.04`, `self-hosted, linux, landform-aws-dev`, or an image. */
  readonly name: string;
  readonly labels: readonly string[];
  /** A GitHub-hosted runner: a fresh machine per job. */
  readonly hosted: boolean;
  /** The commands doctor knows it provides. */
  readonly provides: ReadonlySet<string>;
  /** Whether `provides` is all it provides (a known image); false: other commands cannot be told. */
  readonly complete: boolean;
}

/** A stack's state: its backend's bucket and the object holding the state. */
export interface StateLocation {
  readonly kind: string;
  readonly bucket?: string;
  readonly key?: string;
}

/** A Kubernetes cluster a stack's providers reach. */
export type ClusterRef =
  { readonly kind: "eks" | "gke"; readonly name: string; readonly project?: string } | { readonly unknown: string };

export interface StackNode {
  readonly name: string;
  readonly file: string;
  readonly dependsOn: readonly string[];
  readonly environment?: string;
  readonly state: StateLocation;
  /** Commands its providers exec for credentials (`aws`, `gke-gcloud-auth-plugin`). */
  readonly exec: readonly string[];
  readonly clusters: readonly ClusterRef[];
}

/** Something that plans or applies a stack: a workflow job or an agent's Terraform object. */
export interface Applier {
  readonly kind: "job" | "agent";
  /** Applies (`terraform apply`, an agent object), or only plans (a PR plan, a drift scan). */
  readonly role: "apply" | "plan";
  /** How findings name it: `landform-deploy.yml job apply-aws-dev`, `agent aws-dev-cluster flux-system/aws-dev`. */
  readonly id: string;
  readonly file: string;
  readonly stack: string;
  readonly environment?: string;
  /** Waits for a person before applying: a gated environment, an agent object without `approvePlan: auto`. */
  readonly gated: boolean;
  readonly identity?: IdentityRef;
  /** Why there is no identity, when there is none. */
  readonly identityProblem?: string;
  /** The identity is named, but not in a way doctor can read (an expression). */
  readonly identityUnreadable?: boolean;
  readonly claims: readonly Claims[];
  /** Why the claims cannot be told, when they cannot. */
  readonly claimsProblem?: string;
  readonly runner: Runner;
  /** The cluster an agent runs in. */
  readonly cluster?: string;
  /** Jobs: the workflow file and the jobs it needs, transitively. Agents: the objects it depends on. */
  readonly group: string;
  readonly after: readonly string[];
  /** The job id or object `namespace/name`, as `after` names them. */
  readonly key: string;
  /** Runs for pull requests. */
  readonly pullRequest: boolean;
}

/** The delivery loop read from the artefacts. */
export interface Loop {
  readonly stacks: readonly StackNode[];
  readonly appliers: readonly Applier[];
  /** Environments the pipeline gates, and where that was read. */
  readonly gatedEnvironments: ReadonlySet<string>;
  readonly facts: IdentityFacts;
  readonly repository?: string;
  /** The repository's numeric ids, from `--repository` or the trusts. */
  readonly repositoryIds?: RepositoryIds;
  /** Per agent (cluster), the stacks that declare its own objects (`kubernetes_manifest`). */
  readonly agentHomes: ReadonlyMap<string, readonly string[]>;
  /** Facts that could not be read while building it: `[file, address, what]`. */
  readonly unreadable: readonly { file: string; stack: string; address: string; message: string }[];
  readonly rawStacks: readonly Stack[];
}

/**
 * GitHub-hosted Ubuntu images install the AWS CLI, the Google Cloud CLI (the `google-cloud-cli`
 * package only, so no `gke-gcloud-auth-plugin`) and kubectl: actions/runner-images
 * `images/ubuntu/scripts/build/install-aws-tools.sh`, `install-google-cloud-cli.sh`, `install-kubernetes-tools.sh`.
 */
export const HOSTED_UBUNTU = ["aws", "gcloud", "gsutil", "kubectl", "terraform"];
/**
 * tofu-controller's default runner (chart `runner.image.repository`): alpine with OpenTofu, git and
 * openssh only (flux-iac/tofu-controller v0.16.5 `runner.Dockerfile`, `runner-base.Dockerfile`).
 */
export const DEFAULT_RUNNER_IMAGE = "ghcr.io/flux-iac/tf-runner";
const KNOWN_IMAGES: Readonly<Record<string, readonly string[]>> = { [DEFAULT_RUNNER_IMAGE]: ["tofu"] };

/** What reading the jobs and agent objects needs. */
export interface Context {
  readonly stacks: readonly StackNode[];
  readonly options: DoctorOptions;
  readonly repository?: string;
  /** The repository's numeric ids, when known: they make GitHub's immutable subject. */
  readonly repositoryIds?: RepositoryIds;
  readonly defaultBranch?: string;
  readonly unreadable: Loop["unreadable"][number][];
  readonly raw: readonly Stack[];
  readonly facts: IdentityFacts;
}

export function stackOfDir(dir: string, stacks: readonly StackNode[]): { dir: string; stack?: string } {
  const clean = dir.replace(/^\.\//, "").replace(/\/+$/, "");
  const index = folderIndex(stacks);
  const exact = index.byFolder.get(clean) ?? index.byName.get(clean.split("/").pop() ?? "");
  if (exact !== undefined) return { dir, stack: exact };
  const byFolder = stacks.find((s) => {
    const folder = path.posix.dirname(s.file);
    return folder.endsWith(`/${clean}`) || clean.endsWith(`/${folder}`);
  });
  return { dir, stack: byFolder?.name };
}

const FOLDERS = new WeakMap<readonly StackNode[], { byFolder: Map<string, string>; byName: Map<string, string> }>();

/** Stacks by their folder (`terraform/stacks/aws-dev`) and by name, built once per loop. */
function folderIndex(stacks: readonly StackNode[]) {
  let index = FOLDERS.get(stacks);
  if (index === undefined) {
    index = {
      byFolder: new Map(stacks.map((s) => [path.posix.dirname(s.file), s.name])),
      byName: new Map(stacks.map((s) => [s.name, s.name])),
    };
    FOLDERS.set(stacks, index);
  }
  return index;
}

export function imageCommands(image: string, options: DoctorOptions): readonly string[] | undefined {
  const bare = image.replace(/@sha256:[0-9a-f]+$/, "").replace(/:[^/:]+$/, "");
  return options.runners?.[image] ?? options.runners?.[bare] ?? KNOWN_IMAGES[bare];
}
