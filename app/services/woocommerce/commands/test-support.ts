// A simulated WooCommerce store connected to a ledger shop, for the command tests (not imported by the app): the same
// catalogue on both sides, orders read into the ledger by the WooCommerce parser, and a client that can lose answers.
import { WooError } from "../../../../connectors/woocommerce/client/errors";
import { wooParser } from "../../../../connectors/woocommerce/parser";
import type { Db } from "../../../db.server";
import type { WooSim } from "../../../../test/sim/woocommerce/sim";
import { makeItem } from "../../../../test/support/ledger-fixtures";
import { registerCommander } from "../../commands/commanders";
import { runCommand } from "../../commands/run-command.server";
import { applyChannelEvent } from "../../ledger/apply-channel-event.server";
import { createWooCommandClient, type WooCommandClient } from "../client-for-channel.server";
import { createWooCommander } from "../commander.server";
import { WOO_KEYS, wooStore } from "../test-support";

type Lossy = "addOrderNote" | "updateOrderStatus" | "createRefund";

/**
 * The command client for a store, which can carry out a call and then lose its answer (a timeout after the store
 * did the work), the failure WooCommerce's lack of idempotency keys makes dangerous.
 */
function lossyClient(real: WooCommandClient) {
  const lose = new Set<Lossy>();
  const lost = (call: Lossy) =>
    new WooError({ kind: "unavailable", code: "timeout", message: `the answer to ${call} was lost` });
  const client: WooCommandClient = {
    ...real,
    async addOrderNote(...args) {
      const answer = await real.addOrderNote(...args);
      if (lose.delete("addOrderNote")) throw lost("addOrderNote");
      return answer;
    },
    async updateOrderStatus(...args) {
      const answer = await real.updateOrderStatus(...args);
      if (lose.delete("updateOrderStatus")) throw lost("updateOrderStatus");
      return answer;
    },
    async createRefund(...args) {
      const answer = await real.createRefund(...args);
      if (lose.delete("createRefund")) throw lost("createRefund");
      return answer;
    },
  };
  return { client, loseNextAnswer: (call: Lossy) => lose.add(call) };
}

/**
 * A store selling MUG (20) and TEE-M (10), and a ledger shop with the same stock and a connected WooCommerce channel
 * whose commands go to that store.
 */
export async function commandStore(db: Db, sim: WooSim, settings: object = {}) {
  const store = wooStore(sim, "commands");
  store.addProduct({ name: "Mug", sku: "MUG", price: "12.50", stock: 20 });
  store.addProduct({
    type: "variable",
    name: "Tee",
    variations: [{ sku: "TEE-M", price: "20.00", stock: 10, attributes: { Size: "M" } }],
  });
  const shop = await db.shop.create({ data: { name: `Ledger of ${store.url}` } });
  const warehouse = await db.location.create({ data: { shopId: shop.id, name: "Warehouse" } });
  const channel = await db.channel.create({
    data: { shopId: shop.id, kind: "woocommerce", name: "WooCommerce", externalRef: store.url, settings },
    select: { id: true, shopId: true, kind: true, name: true, settings: true },
  });
  await makeItem(db, shop.id, "MUG", [{ locationId: warehouse.id, onHand: 20 }]);
  await makeItem(db, shop.id, "TEE-M", [{ locationId: warehouse.id, onHand: 10 }]);
  const lossy = lossyClient(createWooCommandClient({ url: store.url, ...WOO_KEYS }));
  registerCommander(createWooCommander({ client: async () => lossy.client }));

  /** What the store says now about an order, read into the ledger as its order.updated would be. */
  async function readOrder(id: number) {
    const parsed = wooParser.parseWebhook("order.updated", JSON.parse(JSON.stringify(store.order(id))));
    if ("ignored" in parsed) throw new Error(parsed.ignored);
    const outcomes = [];
    for (const event of parsed.events) outcomes.push(await applyChannelEvent(db, channel, event, { source: "test" }));
    return outcomes;
  }

  /** A shopper's order on the store, in the ledger too. */
  async function placeOrder(lines: { sku: string; quantity: number }[]) {
    const placed = store.placeOrder({ lines });
    await readOrder(placed.id);
    const order = await db.order.findUniqueOrThrow({
      where: { channelId_externalId: { channelId: channel.id, externalId: String(placed.id) } },
      include: { lines: true },
    });
    return { ...order, wooId: placed.id, line: (sku: string) => order.lines.find((line) => line.sku === sku)! };
  }

  /** Runs a command as the queue would, retries after its backoff included. */
  const run = (commandId: string, attempt = 0) =>
    runCommand(db, commandId, { now: new Date(Date.now() + attempt * 60 * 60 * 1000), backoffMs: 1 });

  const notes = (id: number) => store.orderRecord(id).notes;
  const refunds = (id: number) => store.orderRecord(id).refundIds.map((refundId) => store.state.refunds.get(refundId)!);

  return { store, shop, warehouse, channel, placeOrder, readOrder, run, notes, refunds, ...lossy };
}

export const ACTOR = { actor: "user:test", queue: null };
