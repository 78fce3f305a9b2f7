// What every command group under cli/commands/ provides, and the errors they signal exit codes with.
import type { ParseArgsConfig } from "node:util";
import type { z } from "zod";
import type { Db } from "../app/db.server.ts";

export const EXIT_OK = 0;
/** The command ran and found a problem (a ledger mismatch, an unknown shop). */
export const EXIT_FAILURE = 1;
/** The command line itself is wrong. */
export const EXIT_USAGE = 2;

export const PROGRAM = "npm run cli --";

export type CliIo = { db: Db; out: (line: string) => void; err: (line: string) => void };

export type Flags = Record<string, string | boolean | undefined>;

export type Command = {
  name: string;
  summary: string;
  /** The flags after `<group> <command>`, e.g. "--name <name> [--currency <code>]". */
  synopsis: string;
  /** Flag and description pairs for --help; --json and --help are added for every command. */
  help: Array<[flag: string, description: string]>;
  options: NonNullable<ParseArgsConfig["options"]>;
  run: (flags: Flags, context: { json: boolean }, io: CliIo) => Promise<number>;
};

export type CommandGroup = { name: string; summary: string; commands: Command[] };

/** Exit 2: the message names what is wrong with the command line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Exit 1: the command line was fine but the command could not do its job. */
export class CommandFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CommandFailure";
  }
}

/** Validates parsed flags, turning the first problem into a UsageError that names the flag. */
export function parseFlags<Schema extends z.ZodType>(schema: Schema, flags: Flags): z.output<Schema> {
  const result = schema.safeParse(flags);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path[0];
  if (typeof key !== "string") throw new UsageError(issue?.message ?? "Invalid arguments");
  if (flags[key] === undefined) throw new UsageError(`--${key} is required`);
  throw new UsageError(`--${key} ${issue?.message ?? "is invalid"}`);
}

export function printJson(io: CliIo, value: unknown) {
  io.out(JSON.stringify(value));
}
