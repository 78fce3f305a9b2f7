// What the figures were measured on, and which code: they mean little without it.
import { execFileSync } from "node:child_process";
import os from "node:os";

export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    totalMemoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageAtStart: os.loadavg(),
  };
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/** The commit, and the files changed beside it: the app under test is the working tree, not the commit. */
export function codeInfo() {
  const changed = git(["status", "--porcelain", "--", "app", "connectors", "jobs", "prisma", "server"]);
  return {
    commit: git(["rev-parse", "HEAD"]) ?? "unknown",
    uncommittedChanges: changed ? changed.split("\n").map((line) => line.trim()) : [],
  };
}
