import type { CommandHandler } from "../../commands/commanders";
import type { AdminFor } from "../commander.server";

export function orderCancelHandlers(adminFor: AdminFor): Partial<Record<"order.cancel", CommandHandler>> {
  void adminFor;
  return {};
}
