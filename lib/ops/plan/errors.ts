import { InputError, InputErrorDetails } from "../../core/input-error";

/** Bad input to the plan commands: an InputError with code `plan-input`, exit code 2 in the CLI. */
export class PlanInputError extends InputError {
  /** True when the file is valid JSON of another kind (state, configuration): a folder scan skips it. */
  readonly notAPlan: boolean;

  constructor(details: InputErrorDetails | string, options: { notAPlan?: boolean } = {}) {
    super(details, "plan-input");
    this.name = "PlanInputError";
    this.notAPlan = options.notAPlan ?? false;
  }
}
