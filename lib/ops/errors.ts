import { InputError } from "../core/input-error";

export { cut, show } from "../core/errors";
export { InputError } from "../core/input-error";
export type { InputErrorDetails } from "../core/input-error";

/**
 * The former name of {@link InputError}: the same class, so `instanceof OpsInputError` still
 * recognises every input error of the operations layer.
 * @deprecated Use `InputError`.
 */
export const OpsInputError = InputError;
/** @deprecated Use `InputError`. */
export type OpsInputError = InputError;

/** One line naming what went wrong with a file system call, by its error code; `shown` is the source. */
export function fsProblem(error: unknown, shown: string): InputError {
  const code = (error as { code?: string }).code;
  const [problem, fix]: [string, string?] =
    code === "ENOENT"
      ? ["no such file or folder"]
      : code === "ELOOP"
        ? ["is a symbolic link loop", "fix or remove the link"]
        : code === "EACCES" || code === "EPERM"
          ? ["permission denied", "make it readable by this user"]
          : code === "EISDIR"
            ? ["is a folder where a file was expected"]
            : code === "ENOTDIR"
              ? ["a part of the path is not a folder"]
              : [`cannot be read (${code ?? (error as Error).message})`];
  return new InputError({ source: shown, problem, fix });
}
