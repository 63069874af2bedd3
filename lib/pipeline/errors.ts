import { InputError, InputErrorDetails } from "../core/input-error";

/**
 * The declaration and the stacks disagree, or a workflow cannot be read or written. An input
 * error (code `ops-input`), so the CLI prints it in one line and exits 2.
 */
export class PipelineError extends InputError {
  constructor(details: InputErrorDetails | string) {
    super(details);
    this.name = "PipelineError";
  }
}
