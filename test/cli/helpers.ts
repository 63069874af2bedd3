import { runCli } from "../../lib/cli";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `landform <args>` in-process with captured output. */
export function cli(args: string[], options: { cwd: string; tty?: boolean; env?: Record<string, string> }): Run {
  let stdout = "";
  let stderr = "";
  const code = runCli(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: options.cwd,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}
