import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { TMP_DIR } from "../test/setup/paths.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const databaseFile = join(TMP_DIR, `cli-main-${randomUUID()}.sqlite`);

function runMain(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Only DATABASE_URL: the CLI must work without the operator login the web admin requires.
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${databaseFile}` };
  for (const name of ["OPERATOR_EMAIL", "OPERATOR_PASSWORD", "SESSION_SECRET", "DEMO_MODE"]) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "cli/main.ts", ...args], { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("cli/main.ts", () => {
  afterAll(() => {
    for (const suffix of ["", "-wal", "-shm"]) rmSync(databaseFile + suffix, { force: true });
  });

  it("migrates a new database, creates a shop and verifies the ledger as a real process", async () => {
    const created = await runMain(["shop", "create", "--name", "X", "--json"]);
    // npx may print its own notices on stderr, so stderr is only shown when the command fails.
    expect(created.code, created.stderr).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    expect(id).toMatch(/^\w+$/);

    const listed = await runMain(["shop", "list", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual({ shops: [expect.objectContaining({ id, name: "X" })] });

    const verified = await runMain(["ledger", "verify"]);
    expect(verified).toMatchObject({ code: 0, stdout: "Checked 0 balances: all match\n" });
  });
});
