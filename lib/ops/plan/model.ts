/**
 * The parts of `terraform show -json <planfile>` that Landform reads, normalized. Terraform's
 * format: https://developer.hashicorp.com/terraform/internals/json-format (format_version 0.1
 * from Terraform 0.12, 0.2 from 0.15, 1.x from 1.1 on; OpenTofu writes the same).
 */
export type Action = "no-op" | "create" | "read" | "update" | "delete" | "forget";

export interface Change {
  readonly actions: readonly Action[];
  readonly before: unknown;
  readonly after: unknown;
  /** `true` (whole value) or a structure of `true` leaves: parts of `after` known only after apply. */
  readonly afterUnknown: unknown;
  readonly beforeSensitive: unknown;
  readonly afterSensitive: unknown;
  /** Attribute paths (lists of keys and indexes) that force the replacement. */
  readonly replacePaths: readonly (readonly (string | number)[])[];
  /** The id of the object an `import` block brings under management, when there is one. */
  readonly importingId?: string;
}

export interface ResourceChange {
  readonly address: string;
  readonly previousAddress?: string;
  readonly moduleAddress?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  /** Set when the change is to a deposed object (left over by a failed create_before_destroy). */
  readonly deposed?: string;
  readonly actionReason?: string;
  readonly change: Change;
}

export interface Plan {
  /** The file as the user named it. */
  readonly file: string;
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  /** False when Terraform stopped early (`errored: true`, or `complete: false`): the plan cannot prove anything is clean. */
  readonly complete: boolean;
  readonly errored: boolean;
  /** Why the plan is incomplete, as far as the JSON says (failed checks). */
  readonly problems: readonly string[];
  /** Changes made outside Terraform, found by refresh. */
  readonly drift: readonly ResourceChange[];
  /** What applying the plan would do. */
  readonly changes: readonly ResourceChange[];
  /** `type.name` (and `data.type.name`, `module.name`) of the root module's configuration: matches a plan to a stack. */
  readonly configAddresses: readonly string[];
  /** The AWS provider's `default_tags` and Google's `default_labels`, when the configuration has them as constants. */
  readonly defaultTags: Readonly<Record<string, string>>;
}
