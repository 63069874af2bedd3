import { ActionName, usesOf } from "../actions";
import { PipelineSpec } from "../declaration";
import { CloudLogin } from "../identities";
import { Step } from "./model";

/** Steps and expressions every workflow shares. Values from events reach scripts only through `env`, never inlined. */
export class Steps {
  constructor(
    private readonly spec: PipelineSpec,
    readonly terraformVersion: string,
  ) {}

  uses(action: ActionName): string {
    return usesOf(this.spec.actions[action]);
  }

  /** Checkout without leaving the token in `.git/config`; `full` fetches history for `landform affected`. */
  checkout(full = false): Step {
    return {
      name: "Check out",
      uses: this.uses("checkout"),
      with: full ? { "persist-credentials": false, "fetch-depth": 0 } : { "persist-credentials": false },
    };
  }

  /** Node, the project's dependencies (Landform's CLI among them), and `commands.setup` when declared. */
  node(): Step[] {
    const setup = this.spec.commands.setup;
    return [
      {
        name: "Set up Node",
        uses: this.uses("setupNode"),
        with: { "node-version": this.spec.nodeVersion, cache: "npm" },
      },
      { name: "Install", run: this.spec.commands.install },
      ...(setup === undefined ? [] : [{ name: "Set up", run: setup }]),
    ];
  }

  /**
   * Fails fast, naming the command and the runner, when a command the stack's providers exec for
   * cluster credentials (`aws eks get-token`, `gke-gcloud-auth-plugin`) is not on the runner:
   * Terraform would otherwise fail mid-plan with "executable file not found".
   */
  execCheck(stack: string, commands: readonly string[]): Step[] {
    if (commands.length === 0) return [];
    return [
      {
        name: "Exec credential commands",
        env: { COMMANDS: commands.join(" "), STACK: stack },
        run: [
          "missing=0",
          "for c in $COMMANDS; do",
          '  if command -v "$c" > /dev/null; then echo "$c: $(command -v "$c")"; else',
          '    echo "::error::the providers of stack $STACK exec $c for cluster credentials, and runner $RUNNER_NAME has no $c on PATH: install it on the runner image (docs/cli/pipeline.md, Runners)"',
          "    missing=1",
          "  fi",
          "done",
          'exit "$missing"',
        ].join("\n"),
      },
    ];
  }

  terraform(): Step {
    return {
      name: `Set up Terraform ${this.terraformVersion}`,
      uses: this.uses("setupTerraform"),
      // No wrapper: `terraform show -json` must print only JSON.
      with: { terraform_version: this.terraformVersion, terraform_wrapper: false },
    };
  }

  /**
   * A provider plugin cache for a stack with a committed lock file, keyed by it (pipelines-review
   * C10). Terraform 1.4+ takes a cached provider only when it matches the lock file's checksums
   * (developer.hashicorp.com/terraform/cli/config/config-file, "Provider Plugin Cache"), so a
   * poisoned cache entry is refused; without a lock file the cache would never be used, and no
   * step is emitted.
   */
  providerCache(stack: { readonly dir: string; readonly lockFile: boolean }): Step[] {
    if (!stack.lockFile) return [];
    return [
      {
        name: "Provider plugin cache folder",
        run: [
          'mkdir -p "$HOME/.terraform.d/plugin-cache"',
          'echo "TF_PLUGIN_CACHE_DIR=$HOME/.terraform.d/plugin-cache" >> "$GITHUB_ENV"',
        ].join("\n"),
      },
      {
        name: "Provider plugin cache",
        uses: this.uses("cache"),
        with: {
          path: "~/.terraform.d/plugin-cache",
          key: `terraform-providers-\${{ runner.os }}-\${{ hashFiles('${stack.dir}/.terraform.lock.hcl') }}`,
        },
      },
    ];
  }

  /** The start of every job that runs Terraform as a cloud identity. */
  terraformJob(login: CloudLogin): Step[] {
    return [this.checkout(), ...this.node(), this.terraform(), this.login(login)];
  }

  /** Short-lived credentials through the repository's OIDC token; no cloud secret exists anywhere. */
  login(login: CloudLogin): Step {
    return {
      name: login.name,
      uses: this.uses(login.action as ActionName),
      with: login.with,
    };
  }
}

/** `!cancelled() && <stack affected> && no needed job failed`: skipped needs (unaffected stacks) do not block. */
export function runIfAffected(stack: string): string {
  return [
    "!cancelled()",
    "needs.affected.result == 'success'",
    `contains(fromJSON(needs.affected.outputs.stacks), '${stack}')`,
    "!contains(needs.*.result, 'failure')",
    "!contains(needs.*.result, 'cancelled')",
  ].join(" && ");
}

/** OIDC tokens and write tokens are not given to pull requests from forks: their cloud jobs would fail, so they skip. */
export const SAME_REPOSITORY = "github.event.pull_request.head.repo.full_name == github.repository";

/** `plan-aws-dev`: a job id GitHub accepts, from a stack name already checked to be safe. */
export function jobId(prefix: string, stack: string): string {
  return `${prefix}-${stack.replace(/\./g, "_")}`;
}
