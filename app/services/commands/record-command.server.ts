import type { Db } from "../../db.server";
import { commandHandlerFor } from "./commanders";
import { CommandPayloadSchemas, type CommandKind, type CommandPayload } from "./kinds";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export type CommandTarget = { id: string; shopId: string; kind: string; status: string };

/**
 * Records, in the caller's transaction, a change the channel must make too. Demo channels, disconnected channels and
 * kinds that cannot take the change get a `skipped` command, so the record still says why nothing was sent.
 */
export async function recordCommand<K extends CommandKind>(
  tx: Tx | Db,
  input: { channel: CommandTarget; kind: K; orderId: string | null; subjectId: string; payload: CommandPayload<K> },
): Promise<{ id: string; state: "pending" | "skipped" }> {
  const payload = CommandPayloadSchemas[input.kind].parse(input.payload);
  const skipReason =
    input.channel.status !== "connected"
      ? `the channel is ${input.channel.status}`
      : commandHandlerFor(input.channel.kind, input.kind)
        ? null
        : `${input.channel.kind} channels do not take ${input.kind}`;
  const state = skipReason ? ("skipped" as const) : ("pending" as const);
  const created = await tx.channelCommand.create({
    data: {
      shopId: input.channel.shopId,
      channelId: input.channel.id,
      orderId: input.orderId,
      kind: input.kind,
      subjectId: input.subjectId,
      payload,
      state,
      lastError: skipReason,
      completedAt: skipReason ? new Date() : null,
    },
    select: { id: true },
  });
  return { id: created.id, state };
}
