import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** Terraform for real plan JSON: only the built-in provider, so nothing is downloaded. */
export const TERRAFORM = process.env.LANDFORM_TERRAFORM ?? "/usr/local/bin/terraform";
export const HAS_TERRAFORM = fs.existsSync(TERRAFORM);
const ENV = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

function tf(dir: string, args: string[], allowFailure = false): string {
  try {
    return execFileSync(TERRAFORM, args, { cwd: dir, env: ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    if (allowFailure) return "";
    throw new Error(`terraform ${args.join(" ")} failed: ${(error as { stderr?: string }).stderr ?? error}`);
  }
}

/** Applies `first`, then plans `second` against that state: the JSON of `terraform show -json`. */
export function realPlan(
  first: string,
  second: string,
  options: {
    expectError?: boolean;
    files?: Record<string, string>;
    /** Edits the state file between apply and plan, as a person or another tool would. */
    editState?: (state: StateFile) => void;
  } = {},
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-plan-"));
  try {
    for (const [file, text] of Object.entries(options.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    fs.writeFileSync(path.join(dir, "main.tf"), first);
    tf(dir, ["init", "-input=false", "-no-color"]);
    tf(dir, ["apply", "-auto-approve", "-input=false", "-no-color"]);
    if (options.editState) {
      const file = path.join(dir, "terraform.tfstate");
      const state = JSON.parse(fs.readFileSync(file, "utf8")) as StateFile;
      options.editState(state);
      state.serial++;
      fs.writeFileSync(file, JSON.stringify(state, null, 2));
    }
    fs.writeFileSync(path.join(dir, "main.tf"), second);
    tf(dir, ["plan", "-input=false", "-no-color", "-out", "p"], options.expectError);
    return tf(dir, ["show", "-json", "p"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The parts of a local state file (format version 4) the tests edit. */
export interface StateFile {
  serial: number;
  resources: {
    type: string;
    name: string;
    instances: { attributes: Record<string, unknown>; sensitive_attributes: unknown[] }[];
  }[];
}

/** The one instance of `type.name` in a state file. */
export function instanceOf(state: StateFile, address: string): StateFile["resources"][number]["instances"][number] {
  const found = state.resources.find((r) => `${r.type}.${r.name}` === address);
  if (!found) throw new Error(`no ${address} in the state`);
  return found.instances[0];
}
