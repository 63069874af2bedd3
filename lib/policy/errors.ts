/** Bad input to the policy engine or CLI: unreadable files, unknown packs, invalid suppressions. The CLI exits 2 on it. */
export class PolicyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyInputError";
  }
}
