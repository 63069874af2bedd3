import { show } from "../../ops/errors";
import { CliIo, checkFormat, UsageError } from "../io";
import { outputFolder, parseFailOn } from "./common";

/** `landform doctor`'s options as commander gives them. */
export interface DoctorCliOptions {
  readonly terraform?: string;
  readonly workflows?: string;
  readonly gitops?: string;
  readonly repository?: string;
  readonly defaultBranch?: string;
  readonly runner?: string[];
  readonly format: string;
  readonly graph?: boolean;
  readonly failOn: string;
}

export const DOCTOR_FORMATS = ["text", "json"] as const;

export interface DoctorArgs {
  readonly paths: {
    readonly terraform: string;
    readonly workflows: string;
    readonly gitops: string;
    readonly cwd: string;
    readonly optional: ("workflows" | "gitops")[];
  };
  readonly options: {
    readonly repository?: string;
    readonly defaultBranch?: string;
    readonly runners: Record<string, string[]>;
  };
  readonly format: (typeof DOCTOR_FORMATS)[number];
  readonly graph: boolean;
  readonly failOn: "error" | "warning";
}

export function parseDoctorArgs(io: CliIo, o: DoctorCliOptions): DoctorArgs {
  if (
    o.repository !== undefined &&
    !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(o.repository) &&
    !/^[A-Za-z0-9_.-]+@\d+\/[A-Za-z0-9_.-]+@\d+$/.test(o.repository)
  )
    throw new UsageError(
      `--repository ${show(o.repository)} is not owner/name or owner@OWNER_ID/name@REPOSITORY_ID (GitHub's numeric ids)`,
    );
  const runners: Record<string, string[]> = {};
  for (const r of o.runner ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(r);
    if (!m) throw new UsageError(`--runner ${show(r)} is not <label or image>=<command>[,<command>...]`);
    runners[m[1]] = [
      ...(runners[m[1]] ?? []),
      ...m[2]
        .split(",")
        .map((c) => c.trim())
        .filter(Boolean),
    ];
  }
  const optional: ("workflows" | "gitops")[] = [];
  if (o.workflows === undefined) optional.push("workflows");
  if (o.gitops === undefined) optional.push("gitops");
  return {
    paths: {
      terraform: outputFolder(io, o.terraform),
      workflows: o.workflows ?? ".github/workflows",
      gitops: o.gitops ?? "gitops",
      cwd: io.cwd,
      optional,
    },
    options: { repository: o.repository, defaultBranch: o.defaultBranch, runners },
    format: checkFormat(o.format, DOCTOR_FORMATS),
    graph: o.graph === true,
    failOn: parseFailOn(o.failOn),
  };
}
