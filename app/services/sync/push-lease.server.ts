import { randomUUID } from "node:crypto";
import type { Db } from "../../db.server";

/**
 * Longer than any one push can take (a call's timeout times its attempts, with the limiter's waits), so a live push
 * never loses its lease; short enough that the sweep takes over a channel whose pushing process died.
 */
export const PUSH_LEASE_MS = 5 * 60_000;

export type PushLease = { channelId: string; token: string };

/**
 * One push per channel at a time. Two pushes running together read the same oldest due listings and send the same
 * batch twice, and on a channel without compare-and-set the older figure can land last. The claim is one conditional
 * UPDATE, atomic on both databases and across processes. Null when another push holds the channel: that push checks
 * for work left after it lets go (pushChannel), so a refused push needs no follow-up of its own.
 */
export async function claimPushLease(db: Db, channelId: string, now = new Date()): Promise<PushLease | null> {
  const token = randomUUID();
  const { count } = await db.channel.updateMany({
    where: { id: channelId, OR: [{ pushLeaseUntil: null }, { pushLeaseUntil: { lt: now } }] },
    data: { pushLeaseToken: token, pushLeaseUntil: new Date(now.getTime() + PUSH_LEASE_MS) },
  });
  return count === 1 ? { channelId, token } : null;
}

/** Lets go of the lease if it is still ours (an expired lease may have been taken over since). */
export async function releasePushLease(db: Db, lease: PushLease): Promise<void> {
  await db.channel.updateMany({
    where: { id: lease.channelId, pushLeaseToken: lease.token },
    data: { pushLeaseToken: null, pushLeaseUntil: null },
  });
}
