/**
 * A small, deterministic YAML writer for workflow data: keys in the order given, strings plain only
 * when no YAML 1.1 or 1.2 parser can read them as anything else, multi-line strings as literal
 * blocks, and an optional comment after a scalar (the version beside a pinned action's SHA).
 */
export interface YamlOptions {
  /** A comment to write after `key: value`, e.g. `v7.0.1` after a `uses:` SHA. */
  readonly comment?: (key: string, value: unknown) => string | undefined;
  /** Lines written first, each as a comment. */
  readonly header?: readonly string[];
}

export type YamlValue =
  string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

export function toYaml(value: YamlValue, options: YamlOptions = {}): string {
  const header = (options.header ?? []).map((l) => (l === "" ? "#" : `# ${l}`));
  const body = isMap(value) ? mapLines(value, 0, options) : [scalar(value as Scalar)];
  return `${[...header, ...body].join("\n")}\n`;
}

type Scalar = string | number | boolean | null;

function isMap(v: unknown): v is { readonly [key: string]: YamlValue | undefined } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function entries(map: { readonly [key: string]: YamlValue | undefined }): [string, YamlValue][] {
  return Object.entries(map).filter((e): e is [string, YamlValue] => e[1] !== undefined);
}

function mapLines(map: { readonly [key: string]: YamlValue | undefined }, indent: number, o: YamlOptions): string[] {
  const pad = " ".repeat(indent);
  return entries(map).flatMap(([key, value]) => {
    const k = `${pad}${plainKey(key)}:`;
    return valueLines(k, key, value, indent, o);
  });
}

/** The lines of `value` placed after `lead` (`key:` or `- key:`), nested one level below `indent`. */
function valueLines(lead: string, key: string, value: YamlValue, indent: number, o: YamlOptions): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${lead} []`];
    return [lead, ...listLines(value, indent + 2, o)];
  }
  if (isMap(value)) {
    if (entries(value).length === 0) return [`${lead} {}`];
    return [lead, ...mapLines(value, indent + 2, o)];
  }
  if (typeof value === "string" && value.includes("\n") && !/[\r\t]/.test(value) && !/^ /.test(value)) {
    const chomp = value.endsWith("\n") ? "|" : "|-";
    const pad = " ".repeat(indent + 2);
    const lines = value.replace(/\n$/, "").split("\n");
    return [`${lead} ${chomp}`, ...lines.map((l) => (l === "" ? "" : `${pad}${l}`))];
  }
  const comment = o.comment?.(key, value);
  return [`${lead} ${scalar(value as Scalar)}${comment ? ` # ${comment}` : ""}`];
}

function listLines(list: readonly YamlValue[], indent: number, o: YamlOptions): string[] {
  const pad = " ".repeat(indent - 2);
  return list.flatMap((item) => {
    if (isMap(item) && entries(item).length > 0) {
      const [first, ...rest] = entries(item);
      const head = valueLines(`${pad}- ${plainKey(first[0])}:`, first[0], first[1], indent, o);
      return [
        ...head,
        ...rest.flatMap(([k, v]) => valueLines(`${" ".repeat(indent)}${plainKey(k)}:`, k, v, indent, o)),
      ];
    }
    if (Array.isArray(item) || isMap(item)) return valueLines(`${pad}-`, "", item, indent, o);
    return [`${pad}- ${scalar(item as Scalar)}`];
  });
}

// Words YAML 1.1 reads as booleans or null (GitHub's parser is 1.2, but people's tools are not).
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBER = /^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[0-9a-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i;
const PLAIN = /^[A-Za-z0-9_/.$(][A-Za-z0-9 _./@$()=+,;-]*$/;

// Keys stay plain (`on:`): GitHub, like every YAML 1.2 parser, reads them as strings.
function plainKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}

function scalar(value: Scalar): string {
  if (value === null) return "null";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`YAML: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === "boolean") return String(value);
  const safe =
    PLAIN.test(value) && !RESERVED.test(value) && !NUMBER.test(value) && !value.endsWith(" ") && !/ #|: /.test(value);
  return safe ? value : JSON.stringify(value);
}
