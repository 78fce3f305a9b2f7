import type { Db } from "../../db.server";
import type { CommandKind } from "./kinds";

export type CommandChannel = { id: string; shopId: string; kind: string; name: string; externalRef: string };

export type RunnableCommand = {
  id: string;
  kind: CommandKind;
  orderId: string | null;
  subjectId: string;
  payload: unknown;
  attempts: number;
};

export type CommandContext = {
  db: Db;
  channel: CommandChannel;
  command: RunnableCommand;
  /** The same for every attempt of this command: the channel applies the change at most once. */
  idempotencyKey: string;
};

/** What the channel answered, kept on the command (its ids for what it created). */
export type CommandResult = Record<string, unknown>;

export type CommandHandler = (context: CommandContext) => Promise<CommandResult>;

/** One channel kind's way of carrying out merchant changes. Kinds without a handler are skipped, not failed. */
export interface ChannelCommander {
  readonly kind: string;
  readonly handlers: Partial<Record<CommandKind, CommandHandler>>;
}

/** The channel refused the change for a reason retrying cannot fix (its userErrors): parked at once. */
export class CommandRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandRefusedError";
  }
}

const commanders = new Map<string, ChannelCommander>();

export function registerCommander(commander: ChannelCommander) {
  commanders.set(commander.kind, commander);
}

export function commandHandlerFor(channelKind: string, kind: CommandKind): CommandHandler | undefined {
  return commanders.get(channelKind)?.handlers[kind];
}
