import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db.ts";
import { startWooSimMsw } from "../../../test/sim/woocommerce/msw";
import { createWooSim } from "../../../test/sim/woocommerce/sim";
import { sealCredentials } from "../../crypto.server";
import { readWooFailure, WooChannelKeysError, wooClientFor, wooCommandClientFor } from "./client-for-channel.server";
import { WOO_KEYS, wooChannel, wooStore } from "./test-support";

// A channel's client from its sealed keys: it talks to the store; keys sealed under another ENCRYPTION_KEY are a
// reason to reconnect, not a failure to retry; the command client also reads an order's notes.

describe("the WooCommerce client of a channel", () => {
  let t: TestDb;
  const key = randomBytes(32);
  const sim = createWooSim({ webhooks: { auto: false } });
  const server = startWooSimMsw(sim, { onUnhandledRequest: "error" });
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    server.close();
    await t.drop();
  });

  async function sealedChannel() {
    const store = wooStore(sim, "keys");
    const target = await wooChannel(t.db, store);
    await t.db.channel.update({
      where: { id: target.channel.id },
      data: { credentials: sealCredentials({ url: store.url, ...WOO_KEYS }, key) },
    });
    return { store, ...target };
  }

  it("opens the channel's keys and talks to its store", async () => {
    const s = await sealedChannel();
    const client = await wooClientFor(t.db, s.channel.id, { key });
    expect(await client.checkAccess()).toEqual({ storeUrl: s.store.url, currency: "EUR" });
  });

  it("asks for a reconnection when the keys do not open", async () => {
    const s = await sealedChannel();
    const failure = await wooClientFor(t.db, s.channel.id, { key: randomBytes(32) }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WooChannelKeysError);
    expect((failure as Error).message).toMatch(/cannot be used .*: connect the store again$/);
    await t.db.channel.update({ where: { id: s.channel.id }, data: { credentials: null } });
    await expect(wooClientFor(t.db, s.channel.id, { key })).rejects.toThrow(/has no stored credentials/);
  });

  it("reads an order's notes for the commands", async () => {
    const s = await sealedChannel();
    s.store.addProduct({ name: "Mug", sku: "MUG", price: "5.00", stock: 3 });
    const order = s.store.placeOrder({ lines: [{ sku: "MUG", quantity: 1 }] });
    const client = await wooCommandClientFor(t.db, s.channel.id, key);
    await client.addOrderNote(order.id, "Shipped with DHL: 123", true);
    const notes = await client.listOrderNotes(order.id);
    expect(notes.find((note) => note.note === "Shipped with DHL: 123")).toMatchObject({ customerNote: true });
    expect(notes.some((note) => !note.customerNote)).toBe(true);
  });

  it("reads the connector's errors in its own words", async () => {
    const s = await sealedChannel();
    sim.faults.queue({ kind: "http429", retryAfterSeconds: 3 });
    const client = await wooClientFor(t.db, s.channel.id, { key });
    const failure = readWooFailure(await client.listProducts({ page: 1 }).catch((error: unknown) => error));
    expect(failure).toMatchObject({ kind: "throttled", retryable: true, retryAfterMs: 3_000 });
    expect(readWooFailure(new Error("socket hang up"))).toEqual({
      kind: "unknown",
      retryable: true,
      message: "socket hang up",
    });
  });
});
