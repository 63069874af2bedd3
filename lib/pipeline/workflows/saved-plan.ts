import { PipelineStack } from "../stacks";
import { Step } from "./model";
import { planJson } from "./terraform";

/**
 * The saved plan that travels from a deploy workflow's `plan-<stack>` job to its gated
 * `apply-<stack>` job, so the plan the approver reviewed is the plan Terraform applies.
 *
 * A plan file holds the state's values, secrets among them, and anyone who can read the
 * repository can download a run's artifacts. So the plan job seals it before upload: the plan and
 * the provider lock file in a tarball, encrypted with a fresh AES-256 key, which is itself
 * encrypted (RSA-OAEP, SHA-256) with the repository variable `LANDFORM_PLAN_PUBLIC_KEY`. Only a
 * job in a deployment environment can read the environment secret `LANDFORM_PLAN_PRIVATE_KEY`
 * that opens it, and an environment's secrets reach only the branches its deployment policy allows.
 * The plan job publishes the tarball's SHA-256 as a job output, which only jobs of the same run
 * can read; the apply job refuses an artifact whose digest differs. Terraform itself refuses a
 * plan whose state changed after it was made ("Saved plan is stale"), checked with Terraform
 * 1.11.4 in test/pipeline/deploy-saved-plan.test.ts.
 */

/** The repository variable holding the PEM public key plans are sealed with. */
export const PLAN_PUBLIC_KEY_VARIABLE = "LANDFORM_PLAN_PUBLIC_KEY";
/** The environment secret holding the PEM private key that opens them. */
export const PLAN_PRIVATE_KEY_SECRET = "LANDFORM_PLAN_PRIVATE_KEY";
/**
 * Days a sealed plan is kept: GitHub fails a deployment still waiting for approval after 30 days,
 * so a plan never needs to outlive that.
 */
export const PLAN_RETENTION_DAYS = 30;

export const planArtifact = (stack: string) => `landform-plan-${stack}`;
const SEALED = "$RUNNER_TEMP/sealed";
const OAEP = "-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256";
const CIPHER = "-aes-256-cbc -pbkdf2 -iter 100000";

/**
 * `terraform plan` of the trunk commit with the plan identity, without a lock: nothing is written,
 * and the apply refuses the plan if the state changed since. Outputs `changes` (true/false).
 */
export function savedPlanSteps(stack: PipelineStack, when: string): Step[] {
  return [
    { name: "Terraform init", if: when, "working-directory": stack.dir, run: "terraform init -input=false" },
    {
      name: "Terraform plan",
      id: "plan",
      if: when,
      "working-directory": stack.dir,
      run: [
        "set +e",
        "terraform plan -input=false -lock=false -detailed-exitcode -out=tfplan",
        "code=$?",
        "set -e",
        '[ "$code" -ne 1 ]',
        `terraform show -json tfplan > "${planJson(stack.name)}"`,
        'if [ "$code" -eq 2 ]; then echo "changes=true" >> "$GITHUB_OUTPUT"; else echo "changes=false" >> "$GITHUB_OUTPUT"; fi',
        "",
      ].join("\n"),
    },
  ];
}

/** Seals the plan and the provider lock file for the apply job; outputs the tarball's `digest`. */
export function sealStep(stack: PipelineStack, when: string): Step {
  return {
    name: "Seal the plan",
    id: "seal",
    if: when,
    "working-directory": stack.dir,
    env: { PLAN_PUBLIC_KEY: `\${{ vars.${PLAN_PUBLIC_KEY_VARIABLE} }}` },
    run: [
      'if [ -z "$PLAN_PUBLIC_KEY" ]; then',
      `  echo "::error title=No plan key::set the repository variable ${PLAN_PUBLIC_KEY_VARIABLE} to the PEM public key plans are sealed with (docs/cli/pipeline.md, From merge to apply)"`,
      "  exit 1",
      "fi",
      "umask 077",
      `mkdir -p "${SEALED}"`,
      'printf \'%s\\n\' "$PLAN_PUBLIC_KEY" > "$RUNNER_TEMP/plan-public.pem"',
      // The lock file, when init wrote one (every stack with a provider), pins the providers the apply installs.
      "files=(tfplan)",
      "[ ! -f .terraform.lock.hcl ] || files+=(.terraform.lock.hcl)",
      'tar -czf "$RUNNER_TEMP/plan.tgz" "${files[@]}"',
      'digest=$(sha256sum "$RUNNER_TEMP/plan.tgz" | cut -d " " -f 1)',
      "PLAN_KEY=$(openssl rand -hex 32)",
      "export PLAN_KEY",
      `printf %s "$PLAN_KEY" | openssl pkeyutl -encrypt -pubin -inkey "$RUNNER_TEMP/plan-public.pem" ${OAEP} -out "${SEALED}/key.bin"`,
      `openssl enc ${CIPHER} -salt -pass env:PLAN_KEY -in "$RUNNER_TEMP/plan.tgz" -out "${SEALED}/plan.tgz.enc"`,
      'rm -f "$RUNNER_TEMP/plan.tgz" tfplan',
      'echo "digest=$digest" >> "$GITHUB_OUTPUT"',
      `{ echo; echo "Sealed plan \\\`${planArtifact(stack.name)}\\\`, sha256 \\\`$digest\\\`: the apply job applies exactly this file."; } >> "$GITHUB_STEP_SUMMARY"`,
      "",
    ].join("\n"),
  };
}

/**
 * Opens the sealed plan in the stack's folder after checking its digest against the one the plan
 * job reported (`digest`, an expression), then `terraform init` with the plan's lock file.
 */
export function unsealSteps(stack: PipelineStack, digest: string, when: string): Step[] {
  return [
    {
      name: "Open the reviewed plan",
      if: when,
      "working-directory": stack.dir,
      env: { PLAN_PRIVATE_KEY: `\${{ secrets.${PLAN_PRIVATE_KEY_SECRET} }}`, DIGEST: digest },
      run: [
        'if [ -z "$PLAN_PRIVATE_KEY" ]; then',
        `  echo "::error title=No plan key::give this environment the secret ${PLAN_PRIVATE_KEY_SECRET}, the PEM private key of ${PLAN_PUBLIC_KEY_VARIABLE} (docs/cli/pipeline.md, From merge to apply)"`,
        "  exit 1",
        "fi",
        "umask 077",
        'printf \'%s\\n\' "$PLAN_PRIVATE_KEY" > "$RUNNER_TEMP/plan-private.pem"',
        `PLAN_KEY=$(openssl pkeyutl -decrypt -inkey "$RUNNER_TEMP/plan-private.pem" ${OAEP} -in "${SEALED}/key.bin")`,
        "export PLAN_KEY",
        'rm -f "$RUNNER_TEMP/plan-private.pem"',
        `openssl enc -d ${CIPHER} -pass env:PLAN_KEY -in "${SEALED}/plan.tgz.enc" -out "$RUNNER_TEMP/plan.tgz"`,
        'actual=$(sha256sum "$RUNNER_TEMP/plan.tgz" | cut -d " " -f 1)',
        'if [ "$actual" != "$DIGEST" ]; then',
        '  echo "::error title=Not the reviewed plan::the plan artifact has sha256 $actual, but the plan job reviewed $DIGEST"',
        "  exit 1",
        "fi",
        'tar -xzf "$RUNNER_TEMP/plan.tgz"',
        'rm -f "$RUNNER_TEMP/plan.tgz"',
        "",
      ].join("\n"),
    },
    {
      name: "Terraform init",
      if: when,
      "working-directory": stack.dir,
      // The providers the plan was made with, by the lock file it carried: init may not change them.
      run: "terraform init -input=false -lockfile=readonly",
    },
  ];
}
