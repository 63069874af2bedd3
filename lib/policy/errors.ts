import { LandformError } from "../core/errors";

/** Bad input to the policy engine or CLI: unreadable files, unknown packs, invalid suppressions. The CLI exits 2 on it. */
export class PolicyInputError extends LandformError {
  constructor(message: string) {
    super({ code: "policy-input", problem: message, message });
    this.name = "PolicyInputError";
  }
}
