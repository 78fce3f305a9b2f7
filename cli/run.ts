// Dispatches `<group> <command> [flags]` to cli/commands/ and turns every outcome into an exit code:
// 0 done, 1 the command found a problem, 2 the command line is wrong.
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { ShopNotFoundError } from "../app/services/shops.server.ts";
import { apiKeyCommands } from "./commands/api-key.ts";
import { channelCommands } from "./commands/channel.ts";
import { inboxCommands } from "./commands/inbox.ts";
import { ledgerCommands } from "./commands/ledger.ts";
import { shopCommands } from "./commands/shop.ts";
import { syncCommands } from "./commands/sync.ts";
import {
  CommandFailure,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  PROGRAM,
  UsageError,
  type CliIo,
  type Command,
  type CommandGroup,
} from "./command.ts";

const GROUPS: CommandGroup[] = [
  shopCommands,
  channelCommands,
  apiKeyCommands,
  ledgerCommands,
  inboxCommands,
  syncCommands,
];

/** A command that takes one leading argument (`inbox replay <eventId>`); it reaches run() as flag `argument.name`. */
export type CommandWithArgument = Command & { argument?: { name: string } };

const COMMON_OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const isHelp = (arg: string) => arg === "--help" || arg === "-h";

function columns(rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

export function programUsage(): string[] {
  return [
    `Usage: ${PROGRAM} <group> <command> [options]`,
    "",
    "Commands:",
    ...columns(
      GROUPS.flatMap((group) =>
        group.commands.map((command): [string, string] => [`${group.name} ${command.name}`, command.summary]),
      ),
    ),
    "",
    "Every command accepts --json for machine-readable output and --help for its options.",
  ];
}

function groupUsage(group: CommandGroup): string[] {
  return [
    `Usage: ${PROGRAM} ${group.name} <command> [options]`,
    "",
    `${group.summary}.`,
    "",
    "Commands:",
    ...columns(group.commands.map((command): [string, string] => [command.name, command.summary])),
    "",
    `Run '${PROGRAM} ${group.name} <command> --help' for a command's options.`,
  ];
}

function commandUsage(group: CommandGroup, command: Command): string[] {
  const synopsis = [PROGRAM, group.name, command.name, command.synopsis, "[--json]"].filter(Boolean).join(" ");
  return [
    `Usage: ${synopsis}`,
    "",
    `${command.summary}.`,
    "",
    "Options:",
    ...columns([
      ...command.help,
      ["--json", "Print machine-readable JSON instead of text"],
      ["-h, --help", "Show this help"],
    ]),
  ];
}

function usageProblem(io: CliIo, message: string, helpFor: string): number {
  io.err(message);
  io.err(`Run '${[PROGRAM, helpFor, "--help"].filter(Boolean).join(" ")}' for usage.`);
  return EXIT_USAGE;
}

/** Runs one command line (without the program name) and returns the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [groupName, commandName, ...rest] = argv;
  if (groupName === undefined) {
    for (const line of programUsage()) io.err(line);
    return EXIT_USAGE;
  }
  if (isHelp(groupName)) {
    for (const line of programUsage()) io.out(line);
    return EXIT_OK;
  }
  const group = GROUPS.find((candidate) => candidate.name === groupName);
  if (!group) {
    const problem = groupName.startsWith("-") ? `Unknown option '${groupName}'` : `Unknown command '${groupName}'`;
    return usageProblem(io, problem, "");
  }

  if (commandName === undefined) return usageProblem(io, `Missing command after '${group.name}'`, group.name);
  if (isHelp(commandName)) {
    for (const line of groupUsage(group)) io.out(line);
    return EXIT_OK;
  }
  const command = group.commands.find((candidate) => candidate.name === commandName);
  if (!command) {
    const problem = commandName.startsWith("-")
      ? `Unknown option '${commandName}' (a command is expected after '${group.name}')`
      : `Unknown command '${group.name} ${commandName}'`;
    return usageProblem(io, problem, group.name);
  }

  const helpFor = `${group.name} ${command.name}`;
  const argumentName = (command as CommandWithArgument).argument?.name;
  const leading = argumentName !== undefined && rest[0] !== undefined && !rest[0].startsWith("-") ? rest[0] : undefined;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: leading === undefined ? rest : rest.slice(1),
      options: { ...command.options, ...COMMON_OPTIONS },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    // Node's own messages name the flag ("Unknown option '--nmae'"); only their layout is changed.
    return usageProblem(io, `${(error as Error).message.replace(/\s*\n\s*/g, " ")}`, helpFor);
  }
  const { json, help, ...flags } = values;
  if (help) {
    for (const line of commandUsage(group, command)) io.out(line);
    return EXIT_OK;
  }

  try {
    const withArgument = leading === undefined ? flags : { ...flags, [argumentName!]: leading };
    return await command.run(withArgument, { json: json === true }, io);
  } catch (error) {
    if (error instanceof UsageError) return usageProblem(io, error.message, helpFor);
    if (error instanceof ZodError) {
      return usageProblem(io, error.issues.map((issue) => issue.message).join("; "), helpFor);
    }
    if (error instanceof ShopNotFoundError) {
      io.err(`${error.message}. List shops with: ${PROGRAM} shop list`);
      return EXIT_FAILURE;
    }
    if (error instanceof CommandFailure) {
      io.err(error.message);
      return EXIT_FAILURE;
    }
    // Anything else is a bug or an outage: the caller prints it and exits 1.
    throw error;
  }
}
