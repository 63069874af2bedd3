/**
 * Why a GitHub Actions `schedule` cron expression is invalid, or undefined when it is valid.
 * GitHub takes POSIX cron: five fields (minute hour day-of-month month day-of-week), each `*`,
 * a number, a range `a-b`, a step `*\/n` or `a-b/n`, or a comma list of those; months and
 * weekdays also by name (JAN, MON). GitHub runs schedules at most every 5 minutes.
 */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return `it has ${fields.length} field${fields.length === 1 ? "" : "s"}, and cron needs 5 (minute hour day-of-month month day-of-week)`;
  for (let i = 0; i < 5; i++) {
    const problem = fieldProblem(fields[i], FIELDS[i]);
    if (problem) return `its ${FIELDS[i].name} field ${problem}`;
  }
  const minutes = fields[0];
  const step = /^\*\/(\d+)$/.exec(minutes);
  if (minutes === "*" || (step && Number(step[1]) < 5))
    return "it runs more often than every 5 minutes, the shortest interval GitHub schedules";
  return undefined;
}

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const FIELDS: readonly Field[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 0, max: 6, names: DAYS },
];

function fieldProblem(text: string, field: Field): string | undefined {
  for (const part of text.split(",")) {
    const [range, step, extra] = part.split("/");
    if (extra !== undefined) return "has more than one step";
    if (step !== undefined && !/^[1-9]\d*$/.test(step)) return `has step "${step}", which is not a positive number`;
    if (range === "*") continue;
    const bounds = range.split("-");
    if (bounds.length > 2) return `has "${range}", which is not a value or a range a-b`;
    const values = bounds.map((b) => valueOf(b, field));
    const bad = bounds.find((_, i) => values[i] === undefined);
    if (bad !== undefined)
      return `has "${bad}", which is not ${/^[aeiouh]/.test(field.name) ? "an" : "a"} ${field.name} (${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ""})`;
    if (values.length === 2 && values[0]! > values[1]!) return `has the range "${range}", which runs backwards`;
  }
  return undefined;
}

function valueOf(text: string, field: Field): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index < 0 ? undefined : index + field.min;
}
