import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

/**
 * A small delivery loop in which every link holds, as the artefacts Landform commits: per
 * environment a base stack with the EKS cluster and a state bucket grant (applied by the deploy
 * workflow), an add-ons stack whose helm provider execs `aws` (deploy workflow, self-hosted apply
 * runner; PR plans on their own runner), and a workloads stack applied by the pull agent (its runner
 * role has state write and an access entry). `prod` is gated in both the pipeline (the approved
 * pull request step) and the agent. Trusts are as Landform writes them: GitHub's immutable subject
 * (`repo:acme@100000001/platform@800000001:...`), `repository_id`, and for apply roles the trunk
 * `ref` and the deploy workflow's `job_workflow_ref`; every stack's `aws` provider names its account.
 * Tests break one link in a copy and expect exactly that finding.
 *
 * Files are kept as data (`path -> JSON object`; `.yml`/`.yaml` written as YAML) so a test edits
 * the fact it breaks, not text.
 */
export type Files = Record<string, Record<string, unknown>>;

export const REPO = "acme/platform";
/** The repository's owner and repository ids, in GitHub's immutable OIDC subject. */
export const SUBJECT = "repo:acme@100000001/platform@800000001";
export const ACCOUNT = "111111111111";
/** The deploy workflow at the trunk: what apply roles require of `job_workflow_ref`. */
export const DEPLOY_REF = `${REPO}/.github/workflows/deploy.yml@refs/heads/main`;

/** The step `approvalMode: "pull-request"` puts before a gated apply (lib/pipeline/governance/approval.ts). */
export const approvalStep = (environment: string) => ({
  name: "Require an approved pull request",
  env: {
    REPOSITORY: "${{ github.repository }}",
    SHA: "${{ github.sha }}",
    TRUNK: "main",
    ENVIRONMENT: environment,
    REQUIRED: "1",
  },
  run: [
    'pr=$(gh api "repos/$REPOSITORY/commits/$SHA/pulls" --jq ".[0].number")',
    'gh api "repos/$REPOSITORY/pulls/$pr/reviews" --jq \'.[] | select(.state == "APPROVED")\' | grep -q . || exit 1',
  ].join("\n"),
});
/** The commands of the runners no committed file describes (self-hosted labels, the agent's image). */
export const RUNNERS = {
  "apply-runner": ["aws"],
  "plan-runner": ["aws"],
  "ghcr.io/acme/tf-runner": ["tofu", "aws", "gke-gcloud-auth-plugin"],
};

export function healthy(
  environments: readonly string[] = ["dev", "prod"],
  gatedEnvs: readonly string[] = ["prod"],
  gcpEnvironments: readonly string[] = [],
): Files {
  const files: Files = {};
  const manifest: Record<string, unknown> = {};
  const stack = (name: string, dependsOn: string[], json: Record<string, unknown>) => {
    manifest[name] = {
      name,
      constructPath: name,
      dependencies: dependsOn,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
    };
    files[`terraform/stacks/${name}/cdk.tf.json`] = json;
  };
  const awsProvider = (environment: string) => ({
    aws: [{ region: "eu-west-1", allowed_account_ids: [ACCOUNT], default_tags: [{ tags: { environment } }] }],
  });
  const s3 = (name: string) => ({
    backend: { s3: { bucket: "acme-state", key: `landform/${name}/terraform.tfstate` } },
  });
  // As lib/aws/bootstrap.ts writes it: the immutable subject and repository_id; apply roles also
  // the trunk ref and the deploy workflow (job_workflow_ref).
  const claim = (name: string, values: string[]) => ({
    test: "StringEquals",
    variable: `token.actions.githubusercontent.com:${name}`,
    values,
  });
  const trust = (sub: string, apply = false) => ({
    statement: [
      {
        actions: ["sts:AssumeRoleWithWebIdentity"],
        condition: [
          claim("aud", ["sts.amazonaws.com"]),
          claim("sub", [sub]),
          claim("repository_id", ["800000001"]),
          ...(apply ? [claim("ref", ["refs/heads/main"]), claim("job_workflow_ref", [DEPLOY_REF])] : []),
        ],
        effect: "Allow",
        principals: [{ type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.github.arn}"] }],
      },
    ],
  });
  const write = (resource: string) => ({
    statement: [
      { actions: ["s3:ListBucket"], effect: "Allow", resources: ["${aws_s3_bucket.state.arn}"] },
      { actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], effect: "Allow", resources: [resource] },
    ],
  });

  // The bootstrap stack: OIDC, one apply role per environment, the plan role, the state bucket.
  const roles: Record<string, unknown> = {
    plan: { name: "landform-plan", assume_role_policy: "${data.aws_iam_policy_document.planTrust.json}" },
  };
  const docs: Record<string, unknown> = {
    planTrust: trust(`${SUBJECT}:pull_request`),
    planState: {
      statement: [
        { actions: ["s3:GetObject"], effect: "Allow", resources: ["${aws_s3_bucket.state.arn}/*"] },
        {
          actions: ["s3:PutObject", "s3:DeleteObject"],
          effect: "Allow",
          resources: ["${aws_s3_bucket.state.arn}/*.tflock"],
        },
      ],
    },
  };
  const policies: Record<string, unknown> = {
    plan: { role: "${aws_iam_role.plan.name}", policy: "${data.aws_iam_policy_document.planState.json}" },
  };
  for (const env of environments) {
    roles[`apply-${env}`] = {
      name: `landform-apply-${env}`,
      assume_role_policy: `\${data.aws_iam_policy_document.apply-${env}Trust.json}`,
    };
    docs[`apply-${env}Trust`] = trust(`${SUBJECT}:environment:${env}`, true);
    docs[`apply-${env}State`] = write(`\${aws_s3_bucket.state.arn}/landform/aws-${env}*`);
    policies[`apply-${env}`] = {
      role: `\${aws_iam_role.apply-${env}.name}`,
      policy: `\${data.aws_iam_policy_document.apply-${env}State.json}`,
    };
  }
  stack("bootstrap-aws", [], {
    terraform: { backend: { local: { path: "bootstrap.tfstate" } } },
    provider: awsProvider("bootstrap"),
    data: { aws_iam_policy_document: docs },
    resource: {
      aws_iam_openid_connect_provider: { github: { url: "https://token.actions.githubusercontent.com" } },
      aws_s3_bucket: { state: { bucket: "acme-state" } },
      aws_iam_role: roles,
      aws_iam_role_policy: policies,
    },
  });

  const deploy: Record<string, unknown> = {};
  const pr: Record<string, unknown> = {};
  for (const env of environments) {
    const base = `aws-${env}`;
    const addons = `${base}-addons`;
    const workloads = `${base}-workloads`;
    const cluster = `${base}-cluster`;
    const gated = gatedEnvs.includes(env);
    stack(base, [], {
      terraform: s3(base),
      provider: awsProvider(env),
      resource: {
        aws_eks_cluster: {
          cluster: {
            name: cluster,
            access_config: { authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: true },
          },
        },
      },
    });
    const helm = {
      kubernetes: {
        host: "${data.aws_eks_cluster.cluster.endpoint}",
        exec: {
          api_version: "client.authentication.k8s.io/v1beta1",
          command: "aws",
          args: ["eks", "get-token", "--cluster-name", cluster],
        },
      },
    };
    stack(addons, [base], {
      terraform: s3(addons),
      provider: { ...awsProvider(env), helm: [helm] },
      data: {
        aws_eks_cluster: { cluster: { name: cluster } },
        aws_iam_policy_document: {
          runnerTrust: {
            statement: [
              {
                actions: ["sts:AssumeRoleWithWebIdentity"],
                condition: [
                  {
                    test: "StringEquals",
                    variable: '${replace(data.aws_eks_cluster.cluster.identity[0].oidc[0].issuer, "https://", "")}:sub',
                    values: ["system:serviceaccount:flux-system:tf-runner"],
                  },
                ],
                effect: "Allow",
                principals: [
                  { type: "Federated", identifiers: ["${data.aws_iam_openid_connect_provider.cluster.arn}"] },
                ],
              },
            ],
          },
        },
      },
      resource: {
        aws_iam_role: {
          runner: {
            name: `${base}-agent-runner`,
            assume_role_policy: "${data.aws_iam_policy_document.runnerTrust.json}",
          },
        },
        aws_iam_role_policy: {
          runnerState: {
            role: "${aws_iam_role.runner.name}",
            policy: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Action: ["s3:GetObject", "s3:PutObject"],
                  Resource: `arn:aws:s3:::acme-state/landform/${workloads}/*`,
                },
              ],
            }),
          },
        },
        aws_eks_access_entry: { runner: { cluster_name: cluster, principal_arn: "${aws_iam_role.runner.arn}" } },
        aws_eks_access_policy_association: {
          runner: {
            cluster_name: cluster,
            principal_arn: "${aws_eks_access_entry.runner.principal_arn}",
            policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
          },
        },
        helm_release: {
          tofu: {
            chart: "tofu-controller",
            name: "tofu-controller",
            namespace: "flux-system",
            values: [
              JSON.stringify({
                runner: {
                  image: { repository: "ghcr.io/acme/tf-runner", tag: "v0.16.5-aws" },
                  serviceAccount: {
                    create: true,
                    name: "tf-runner",
                    annotations: { "eks.amazonaws.com/role-arn": "${aws_iam_role.runner.arn}" },
                  },
                },
              }),
            ],
          },
        },
      },
    });
    stack(workloads, [base, addons], {
      terraform: s3(workloads),
      provider: {
        ...awsProvider(env),
        kubernetes: [{ exec: [{ command: "aws", args: ["eks", "get-token", "--cluster-name", cluster] }] }],
      },
      resource: {},
    });
    const applyJob = (name: string, needs: string[], runsOn: unknown) => ({
      name: `apply ${name}${gated ? " (approval)" : ""}`,
      needs,
      "runs-on": runsOn,
      environment: { name: env },
      permissions: { "id-token": "write", contents: "read" },
      steps: [
        ...(gated ? [approvalStep(env)] : []),
        { uses: "actions/checkout@v4" },
        {
          uses: "aws-actions/configure-aws-credentials@v4",
          with: { "role-to-assume": `arn:aws:iam::${ACCOUNT}:role/landform-apply-${env}`, "aws-region": "eu-west-1" },
        },
        { "working-directory": `terraform/stacks/${name}`, run: "terraform init" },
        { "working-directory": `terraform/stacks/${name}`, run: "terraform plan -out=tfplan\nterraform apply tfplan" },
      ],
    });
    const planJob = (name: string, runsOn: unknown) => ({
      "runs-on": runsOn,
      permissions: { "id-token": "write", contents: "read" },
      steps: [
        {
          uses: "aws-actions/configure-aws-credentials@v4",
          with: { "role-to-assume": `arn:aws:iam::${ACCOUNT}:role/landform-plan`, "aws-region": "eu-west-1" },
        },
        { "working-directory": `terraform/stacks/${name}`, run: "terraform init && terraform plan -lock=false" },
      ],
    });
    deploy[`apply-${base}`] = applyJob(base, [], "ubuntu-24.04");
    deploy[`apply-${addons}`] = applyJob(addons, [`apply-${base}`], ["self-hosted", "apply-runner", `apply-${env}`]);
    pr[`plan-${base}`] = planJob(base, "ubuntu-24.04");
    pr[`plan-${addons}`] = planJob(addons, ["self-hosted", "plan-runner", `plan-${env}`]);
    const meta = (name: string) => ({ name, namespace: "flux-system", labels: { "landform.dev/agent": cluster } });
    files[`gitops/${cluster}/gitrepository.yaml`] = {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "GitRepository",
      metadata: meta("landform-stacks"),
      spec: { url: `ssh://git@github.com/${REPO}.git`, ref: { branch: "main" }, interval: "1m" },
    };
    files[`gitops/${cluster}/terraform-${workloads}.yaml`] = {
      apiVersion: "infra.contrib.fluxcd.io/v1alpha2",
      kind: "Terraform",
      metadata: meta(workloads),
      spec: {
        path: `./terraform/stacks/${workloads}`,
        serviceAccountName: "tf-runner",
        sourceRef: { kind: "GitRepository", name: "landform-stacks" },
        ...(gated ? {} : { approvePlan: "auto" }),
      },
    };
  }
  for (const env of gcpEnvironments) gcpEnvironment(env, gatedEnvs.includes(env), stack, files, deploy, pr);
  files["terraform/manifest.json"] = { stacks: manifest };
  files[".github/workflows/deploy.yml"] = { name: "deploy", on: { push: { branches: ["main"] } }, jobs: deploy };
  files[".github/workflows/pull-request.yml"] = { name: "pr", on: { pull_request: { branches: ["main"] } }, jobs: pr };
  return files;
}

/** A deep copy to break. */
export function copy(files: Files): Files {
  return JSON.parse(JSON.stringify(files)) as Files;
}

/** Writes the files under a new temporary folder and returns it. */
export function writeFiles(files: Files, dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-doctor-"))): string {
  for (const [rel, json] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, /\.ya?ml$/.test(rel) ? stringify(json) : `${JSON.stringify(json, null, 2)}\n`);
  }
  return dir;
}

/** The object at a path of keys, for a test to edit. */
export function at(files: Files, file: string, ...keys: string[]): Record<string, unknown> {
  let node: unknown = files[file];
  for (const k of keys) node = (node as Record<string, unknown>)[k];
  if (node === undefined || node === null || typeof node !== "object")
    throw new Error(`no object at ${file} ${keys.join(".")}`);
  return node as Record<string, unknown>;
}

/**
 * One GCP environment: a bootstrap stack (workload identity pool and provider, apply and plan
 * service accounts, the state bucket with prefix-scoped grants), a base stack with the GKE
 * cluster, add-ons (helm execs `gke-gcloud-auth-plugin`, installed by `setup-gcloud` in the jobs)
 * and workloads applied by the agent, whose Workload Identity account has its state prefix and
 * `roles/container.admin`.
 */
function gcpEnvironment(
  env: string,
  gated: boolean,
  stack: (name: string, dependsOn: string[], json: Record<string, unknown>) => void,
  files: Files,
  deploy: Record<string, unknown>,
  pr: Record<string, unknown>,
): void {
  const project = `acme-${env}`;
  const bucket = `acme-state-${env}`;
  const pool = "projects/100/locations/global/workloadIdentityPools/gh-pool";
  const base = `gcp-${env}`;
  const addons = `${base}-addons`;
  const workloads = `${base}-workloads`;
  const cluster = `${base}-cluster`;
  const google = (environment: string) => ({
    google: [{ project, region: "europe-west1", default_labels: { environment } }],
  });
  const gcs = (name: string) => ({ backend: { gcs: { bucket, prefix: `landform/${name}` } } });
  const prefix = (name: string) => `resource.name.startsWith("projects/_/buckets/${bucket}/objects/landform/${name}")`;
  stack(`bootstrap-${base}`, [], {
    terraform: { backend: { local: { path: "bootstrap.tfstate" } } },
    provider: google("bootstrap"),
    resource: {
      google_iam_workload_identity_pool: { pool: { workload_identity_pool_id: "gh-pool" } },
      google_iam_workload_identity_pool_provider: {
        github: {
          workload_identity_pool_id: "${google_iam_workload_identity_pool.pool.workload_identity_pool_id}",
          workload_identity_pool_provider_id: "gh",
          // As lib/gcp/bootstrap.ts writes it: the repository by id; environment subjects only from
          // the deploy workflow on the trunk.
          attribute_condition: `assertion.repository_id == "800000001" && assertion.repository_owner_id == "100000001" && (!assertion.sub.contains(":environment:") || (assertion.ref == "refs/heads/main" && assertion.job_workflow_ref == "${DEPLOY_REF}"))`,
          attribute_mapping: {
            "google.subject": "assertion.sub",
            "attribute.repository_id": "assertion.repository_id",
            "attribute.repository_owner_id": "assertion.repository_owner_id",
          },
        },
      },
      google_service_account: { apply: { account_id: "landform-apply" }, plan: { account_id: "landform-plan" } },
      google_service_account_iam_member: {
        apply: {
          service_account_id: "${google_service_account.apply.name}",
          role: "roles/iam.workloadIdentityUser",
          member: `principal://iam.googleapis.com/${pool}/subject/${SUBJECT}:environment:${env}`,
        },
        plan: {
          service_account_id: "${google_service_account.plan.name}",
          role: "roles/iam.workloadIdentityUser",
          member: `principalSet://iam.googleapis.com/${pool}/attribute.repository_id/800000001`,
        },
      },
      google_storage_bucket: { state: { name: bucket, location: "EU" } },
      google_storage_bucket_iam_member: {
        planRead: {
          bucket: "${google_storage_bucket.state.name}",
          role: "roles/storage.objectViewer",
          member: "${google_service_account.plan.member}",
        },
        planLocks: {
          bucket: "${google_storage_bucket.state.name}",
          role: "roles/storage.objectUser",
          member: "${google_service_account.plan.member}",
          condition: {
            title: "locks",
            expression: 'resource.type == "storage.googleapis.com/Bucket" || resource.name.endsWith(".tflock")',
          },
        },
        apply: {
          bucket: "${google_storage_bucket.state.name}",
          role: "roles/storage.objectUser",
          member: "${google_service_account.apply.member}",
          condition: { title: "prefix", expression: prefix(base) },
        },
      },
      google_project_iam_member: {
        applyCluster: { project, role: "roles/container.admin", member: "${google_service_account.apply.member}" },
      },
    },
  });
  stack(base, [], {
    terraform: gcs(base),
    provider: google(env),
    resource: { google_container_cluster: { cluster: { name: cluster, location: "europe-west1" } } },
  });
  const kube = {
    host: "https://${data.google_container_cluster.cluster.endpoint}",
    exec: { api_version: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin" },
  };
  stack(addons, [base], {
    terraform: gcs(addons),
    provider: { ...google(env), helm: [{ kubernetes: kube }] },
    data: { google_container_cluster: { cluster: { name: cluster, location: "europe-west1", project } } },
    resource: {
      google_service_account: { runner: { account_id: `${base}-runner` } },
      google_service_account_iam_member: {
        runner: {
          service_account_id: "${google_service_account.runner.name}",
          role: "roles/iam.workloadIdentityUser",
          member: `serviceAccount:${project}.svc.id.goog[flux-system/tf-runner]`,
        },
      },
      google_storage_bucket_iam_member: {
        runner: {
          bucket,
          role: "roles/storage.objectUser",
          member: "${google_service_account.runner.member}",
          condition: { title: "prefix", expression: prefix(workloads) },
        },
      },
      // As GitOpsAgent.grantApply writes it: cluster-admin in the cluster's RBAC, and clusterViewer to reach the API.
      google_project_iam_member: {
        runnerCluster: {
          project,
          role: "roles/container.clusterViewer",
          member: "${google_service_account.runner.member}",
        },
      },
      kubernetes_cluster_role_binding_v1: {
        runner: {
          metadata: { name: "landform-gitops-agent-runner" },
          role_ref: { api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
          subject: [
            { api_group: "rbac.authorization.k8s.io", kind: "User", name: "${google_service_account.runner.email}" },
          ],
        },
      },
      helm_release: {
        tofu: {
          chart: "tofu-controller",
          values: [
            JSON.stringify({
              runner: {
                image: { repository: "ghcr.io/acme/tf-runner", tag: "v0.16.5-gcp" },
                serviceAccount: {
                  name: "tf-runner",
                  annotations: { "iam.gke.io/gcp-service-account": "${google_service_account.runner.email}" },
                },
              },
            }),
          ],
        },
      },
    },
  });
  stack(workloads, [base, addons], {
    terraform: gcs(workloads),
    provider: { ...google(env), kubernetes: [kube] },
    data: { google_container_cluster: { cluster: { name: cluster, location: "europe-west1", project } } },
    resource: {},
  });
  const auth = (account: string) => ({
    uses: "google-github-actions/auth@v2",
    with: {
      workload_identity_provider: `${pool}/providers/gh`,
      service_account: `${account}@${project}.iam.gserviceaccount.com`,
    },
  });
  const gcloud = {
    uses: "google-github-actions/setup-gcloud@v2",
    with: { install_components: "gke-gcloud-auth-plugin" },
  };
  const apply = (name: string, needs: string[]) => ({
    name: `apply ${name}${gated ? " (approval)" : ""}`,
    needs,
    "runs-on": "ubuntu-24.04",
    environment: env,
    steps: [
      ...(gated ? [approvalStep(env)] : []),
      auth("landform-apply"),
      gcloud,
      { "working-directory": `terraform/stacks/${name}`, run: "terraform init && terraform apply -auto-approve" },
    ],
  });
  const plan = (name: string) => ({
    "runs-on": "ubuntu-24.04",
    steps: [auth("landform-plan"), gcloud, { run: `terraform -chdir=terraform/stacks/${name} plan` }],
  });
  deploy[`apply-${base}`] = apply(base, []);
  deploy[`apply-${addons}`] = apply(addons, [`apply-${base}`]);
  pr[`plan-${base}`] = plan(base);
  pr[`plan-${addons}`] = plan(addons);
  const meta = (name: string) => ({ name, namespace: "flux-system", labels: { "landform.dev/agent": cluster } });
  files[`gitops/${cluster}/gitrepository.yaml`] = {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "GitRepository",
    metadata: meta("landform-stacks"),
    spec: { url: `https://github.com/${REPO}`, ref: { branch: "main" } },
  };
  files[`gitops/${cluster}/terraform-${workloads}.yaml`] = {
    apiVersion: "infra.contrib.fluxcd.io/v1alpha2",
    kind: "Terraform",
    metadata: meta(workloads),
    spec: { path: `./terraform/stacks/${workloads}`, ...(gated ? {} : { approvePlan: "auto" }) },
  };
}
