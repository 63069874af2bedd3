import { execSync, spawn } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";

export interface Sample {
  /** Wall time from spawn to exit. */
  readonly ms: number;
  /** Highest sum of VmRSS over the process and all its descendants, as polled. */
  readonly peakRssMb: number;
  /** User + system CPU time of the whole tree: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly stdout: string;
}

const POLL_MS = 20;
const TICKS_PER_SECOND = Number(execSync("getconf CLK_TCK", { encoding: "utf8" }).trim()) || 100;

/**
 * Runs a shell command and measures wall time and the peak resident memory of its whole process
 * tree (the cdktf CLI, the shell it starts, the app). Linux only: it polls /proc every ~20 ms.
 * Summing VmRSS counts pages shared between processes once per process, so it errs high.
 */
export function measure(command: string, options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Sample> {
  return new Promise((resolve, reject) => {
    // The shell records its own stat after the command: cutime/cstime then hold the CPU time of
    // every descendant it (and they) waited for.
    const statFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "landform-bench-")), "stat");
    const script = `${command}\nstatus=$?; cat /proc/$$/stat > ${statFile}; exit $status`;
    const started = process.hrtime.bigint();
    const child = spawn("sh", ["-c", script], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let peakKb = 0;
    const poll = () => (peakKb = Math.max(peakKb, treeRssKb(child.pid!)));
    const timer = setInterval(poll, POLL_MS);
    poll();
    child.on("error", (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearInterval(timer);
      if (code !== 0) reject(new Error(`'${command}' exited with ${code}:\n${stderr.slice(-2000)}`));
      else resolve({ ms, peakRssMb: peakKb / 1024, cpuMs: childrenCpuMs(statFile), stdout });
      fs.rmSync(path.dirname(statFile), { recursive: true, force: true });
    });
  });
}

function childrenCpuMs(statFile: string): number {
  const stat = fs.readFileSync(statFile, "utf8");
  // Fields after "pid (comm) ": state is field 3, cutime 16, cstime 17.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND) * 1000;
}

/** VmRSS of a process and all its descendants, in kB (0 once it is gone). */
function treeRssKb(root: number): number {
  const children = childrenByParent();
  let total = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop()!;
    total += rssKb(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

function rssKb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0; // exited between listing and reading
  }
}

/** Parent -> children from /proc/<pid>/stat (the `children` files are not on every kernel). */
function childrenByParent(): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue;
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    out.set(ppid, [...(out.get(ppid) ?? []), Number(entry)]);
  }
  return out;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
