import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Db } from "../../app/db.server";

// Helpers for woocommerce-cycle.e2e.ts: the operator's CLI as a real process, and the channel's backfill progress.

const run = promisify(execFile);

/** `npm run cli -- <args> --json` against the app's database, with the app's key and URL; its JSON answer. */
export async function cliJson<T>(env: Record<string, string>, args: string[]): Promise<T> {
  try {
    const { stdout } = await run("npx", ["tsx", "cli/main.ts", ...args, "--json"], {
      env: { ...process.env, LOG_LEVEL: "warn", ...env },
      timeout: 60_000,
    });
    return JSON.parse(stdout) as T;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`cli ${args.join(" ")} failed: ${String(error)}\n${stdout ?? ""}\n${stderr ?? ""}`);
  }
}

export type ConnectAnswer = {
  id: string;
  shopId: string;
  url: string;
  locationId: string;
  webhooks: { ok: boolean; statuses: { topic: string; status: string; error?: string }[] };
  backfillQueued: boolean;
};

/** Channel.settings.backfill.status: running, done or failed (undefined before the first run). */
export async function backfillStatus(db: Db, channelId: string): Promise<string | undefined> {
  const channel = await db.channel.findUnique({ where: { id: channelId }, select: { settings: true } });
  return (channel?.settings as { backfill?: { status?: string } } | null)?.backfill?.status;
}

/** The SKUs of the demo store whose stock is their own (not untracked, not shared through a parent). */
export const OWN_STOCK_SKUS = ["TEE-S", "TEE-M", "TEE-L", "MUG-12", "CAP-NVY", "SOCK-3P"];
