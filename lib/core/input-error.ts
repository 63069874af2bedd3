import { LandformError, show } from "./errors";

/** The parts of an input error; the message is rendered from them. */
export interface InputErrorDetails {
  /** The file, flag or document at fault, e.g. `cdktf.json`, `terraform/manifest.json` or `--format`. */
  readonly source?: string;
  /** The field or flag at fault, e.g. `--provider` or `terraformVersion`. */
  readonly prop?: string;
  /** The value given, when a value is at fault; shown JSON-quoted and cut to 80 characters. */
  readonly value?: unknown;
  /** What is wrong. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix?: string;
}

/**
 * Bad input that is not a construct's prop: a file, a CLI flag, a JSON document, a pipeline
 * declaration, a git ref. Its message is one sentence, `<source>: <prop> <value> <problem>; <fix>.`,
 * and the same parts are fields. The CLI prints the message on one line and exits 2.
 */
export class InputError extends LandformError {
  /** The file, flag or document at fault. */
  readonly source?: string;

  /**
   * @param details - the parts of the sentence. A plain string is the whole message (`problem` is
   *   the same text), for callers outside Landform; Landform itself always passes the parts
   *   (`test/architecture/structured-errors.test.ts` checks).
   * @param code - `ops-input` (the code this error has always had), `policy-input` or `plan-input`.
   */
  constructor(details: InputErrorDetails | string, code: "ops-input" | "policy-input" | "plan-input" = "ops-input") {
    const d: InputErrorDetails = typeof details === "string" ? { problem: details } : details;
    const message = typeof details === "string" ? details : renderInput(d);
    const value = "value" in d ? { value: d.value } : {};
    super({ code, prop: d.prop, ...value, problem: d.problem, fix: d.fix, message });
    this.name = "InputError";
    this.source = d.source;
  }
}

/** `<source>: <prop> <value> <problem>; <fix>.`, each part only when given; no second full stop. */
function renderInput(d: InputErrorDetails): string {
  const what = [d.prop, "value" in d ? show(d.value) : undefined, d.problem].filter((p) => p !== undefined);
  const text = `${d.source !== undefined ? `${d.source}: ` : ""}${what.join(" ")}${d.fix ? `; ${d.fix}` : ""}`;
  return /[.?!]$/.test(text) ? text : `${text}.`;
}
