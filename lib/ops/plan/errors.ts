import { OpsInputError } from "../errors";

/** Bad input to the plan commands: a one-line message for the user, exit code 2 in the CLI. */
export class PlanInputError extends OpsInputError {
  /** True when the file is valid JSON of another kind (state, configuration): a folder scan skips it. */
  readonly notAPlan: boolean;

  constructor(message: string, options: { notAPlan?: boolean } = {}) {
    super(message);
    this.name = "PlanInputError";
    this.notAPlan = options.notAPlan ?? false;
  }
}
