import type { ChildHandle } from "./child-process.ts";
import { send, type Target } from "./http-client.ts";
import { sleep } from "./sleep.ts";

/** Polls GET path until it answers 200; fails early when the child exits, and after timeoutMs. */
export async function waitForHttpOk(target: Target, path: string, child: ChildHandle, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (!child.isRunning()) {
      throw new Error(`${child.name} exited (${await child.exited}) before ${path} answered 200:\n${child.logTail()}`);
    }
    const outcome = await send(undefined, target, { method: "GET", path, headers: {} }, 2_000);
    if ("status" in outcome && outcome.status === 200) return;
    last = "status" in outcome ? `status ${outcome.status}` : outcome.error;
    await sleep(200);
  }
  throw new Error(
    `${child.name}: ${path} did not answer 200 within ${timeoutMs / 1000} s (${last}):\n${child.logTail()}`,
  );
}
