import { OpsInputError } from "../ops/errors";

/**
 * The declaration and the stacks disagree, or a workflow cannot be read or written. An
 * operations input error, so the CLI prints it in one line and exits 2.
 */
export class PipelineError extends OpsInputError {
  constructor(message: string) {
    super(message);
    this.name = "PipelineError";
  }
}
