import type { CommandHandler } from "../../commands/commanders";
import type { AdminFor } from "../commander.server";
import { returnCreateHandler } from "./return-create.server";
import { returnProcessHandler } from "./return-process.server";

/** The merchant's returns on Shopify: opened with returnCreate, received (and refunded) with returnProcess. */
export function returnHandlers(
  adminFor: AdminFor,
): Partial<Record<"return.create" | "return.process", CommandHandler>> {
  return {
    "return.create": returnCreateHandler(adminFor),
    "return.process": returnProcessHandler(adminFor),
  };
}
