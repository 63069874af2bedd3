import { LandformError } from "../core/errors";

export { cut, show } from "../core/errors";

/** Bad input to the operations layer: unreadable folders, malformed manifests, cycles, unknown git refs. The CLI exits 2 on it. */
export class OpsInputError extends LandformError {
  constructor(message: string) {
    super({ code: "ops-input", problem: message, message });
    this.name = "OpsInputError";
  }
}

/** One line naming what went wrong with a file system call, by its error code. */
export function fsProblem(error: unknown, shown: string): OpsInputError {
  const code = (error as { code?: string }).code;
  const problem =
    code === "ENOENT"
      ? "no such file or folder"
      : code === "ELOOP"
        ? "is a symbolic link loop; fix or remove the link"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied; make it readable by this user"
          : code === "EISDIR"
            ? "is a folder where a file was expected"
            : code === "ENOTDIR"
              ? "a part of the path is not a folder"
              : `cannot be read (${code ?? (error as Error).message})`;
  return new OpsInputError(`${shown}: ${problem}.`);
}
