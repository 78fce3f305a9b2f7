import { z } from "zod";
import { verifyLedger, type LedgerMismatch } from "../../app/services/ledger/verify.server.ts";
import { getShop, ShopNotFoundError } from "../../app/services/shops.server.ts";
import { EXIT_FAILURE, EXIT_OK, parseFlags, printJson, type Command, type CommandGroup } from "../command.ts";

export const LedgerVerifyArgsSchema = z.object({ shop: z.string().trim().min(1, "must not be empty").optional() });

function describeMismatch(mismatch: LedgerMismatch, withShop: boolean): string {
  const sku = mismatch.sku ?? `(item ${mismatch.itemId})`;
  const location = mismatch.locationName ?? `(location ${mismatch.locationId})`;
  const { expected, actual } = mismatch;
  const shop = withShop ? ` in shop ${mismatch.shopId}` : "";
  return (
    `SKU ${sku} at ${location}${shop}: ` +
    `expected on hand ${expected.onHand}, committed ${expected.committed}; ` +
    `actual on hand ${actual.onHand}, committed ${actual.committed}`
  );
}

const verify: Command = {
  name: "verify",
  summary: "Rebuild every balance from the stock movements and compare it with the stored one",
  synopsis: "[--shop <id>]",
  help: [["--shop <id>", "Check one shop only (default: every shop)"]],
  options: { shop: { type: "string" } },
  async run(flags, { json }, io) {
    const args = parseFlags(LedgerVerifyArgsSchema, flags);
    // An unknown id would otherwise report "0 balances: all match", which reads as a pass.
    if (args.shop !== undefined && !(await getShop(io.db, args.shop))) throw new ShopNotFoundError(args.shop);
    const result = await verifyLedger(io.db, { shopId: args.shop });
    if (json) {
      printJson(io, result);
    } else {
      for (const mismatch of result.mismatches) io.out(describeMismatch(mismatch, args.shop === undefined));
      const count = result.mismatches.length;
      const outcome = count === 0 ? "all match" : `${count} mismatch${count === 1 ? "" : "es"}`;
      io.out(`Checked ${result.checked} balance${result.checked === 1 ? "" : "s"}: ${outcome}`);
    }
    return result.mismatches.length === 0 ? EXIT_OK : EXIT_FAILURE;
  },
};

export const ledgerCommands: CommandGroup = {
  name: "ledger",
  summary: "Check the stock ledger",
  commands: [verify],
};
