import type { CommandHandler } from "../../commands/commanders";
import type { AdminFor } from "../commander.server";

export function fulfillmentHandlers(
  adminFor: AdminFor,
): Partial<Record<"fulfillment.create" | "fulfillment.tracking", CommandHandler>> {
  void adminFor;
  return {};
}
