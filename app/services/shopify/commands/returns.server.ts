import type { CommandHandler } from "../../commands/commanders";
import type { AdminFor } from "../commander.server";

export function returnHandlers(
  adminFor: AdminFor,
): Partial<Record<"return.create" | "return.process", CommandHandler>> {
  void adminFor;
  return {};
}
