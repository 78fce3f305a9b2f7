import type { UserError } from "../../../../connectors/shopify/admin/operations/common";
import { CommandRefusedError } from "../../commands/commanders";

/** Shopify's refusal in its own words (the field it names, when it names one): the command is parked with it. */
export function refusedBy(mutation: string, errors: UserError[]): CommandRefusedError {
  const described = errors.map((error) => {
    const field = error.field?.length ? ` (${error.field.join(".")})` : "";
    const code = error.code ? ` [${error.code}]` : "";
    return `${error.message}${field}${code}`;
  });
  return new CommandRefusedError(`Shopify refused ${mutation}: ${described.join("; ")}`);
}
