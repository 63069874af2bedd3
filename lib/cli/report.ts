import * as fs from "fs";
import * as path from "path";
import { InputError } from "../ops/errors";
import { CliIo, colorOn } from "./io";

/** A rendered report, as the one `--output` writer takes it. */
export interface ReportView {
  /** The report's text; coloured only on a terminal, never in a file. */
  render(color: boolean): string;
  /** The one line printed when the report goes to a file. */
  summary(): string;
  /** What was written, e.g. `the report` or `sarif report`. */
  readonly name: string;
}

/**
 * The `--output` writer of every command that writes a report: to the file (its folders made),
 * then the summary line and where the report went on stdout; without `--output`, to stdout.
 */
export function writeReport(io: CliIo, output: string | undefined, view: ReportView): void {
  if (output === undefined) {
    io.stdout.write(view.render(colorOn(io)));
    return;
  }
  const file = path.resolve(io.cwd, output);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, view.render(false));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError({ prop: "--output", value: output, problem: `cannot be written (${code})` });
  }
  io.stdout.write(`${view.summary()}\nwrote ${view.name} to ${output}\n`);
}
