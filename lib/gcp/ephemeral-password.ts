import { ref, TerraformElement, Token } from "cdktf";
import { Construct } from "constructs";

/**
 * An ephemeral `random_password` (random provider 3.7, Terraform 1.10+): a new value on every run,
 * never written to state or plan. cdktf 0.21 has no class for ephemeral blocks, so this element
 * writes `{"ephemeral": {"random_password": {"<id>": {...}}}}` itself. Its `result` may only be read
 * by write-only arguments (`password_wo`, `secret_data_wo`), provider blocks and other ephemeral values.
 */
export class EphemeralPassword extends TerraformElement {
  /** The password, as a reference for write-only arguments. */
  readonly result: string;
  readonly length: number;

  constructor(scope: Construct, id: string, length: number) {
    super(scope, id, "ephemeral.random_password");
    this.length = length;
    this.result = Token.asString(ref(`ephemeral.random_password.${this.friendlyUniqueId}.result`, this.cdktfStack));
  }

  toTerraform(): unknown {
    return { ephemeral: { random_password: { [this.friendlyUniqueId]: { length: this.length, special: false } } } };
  }
}
