import { currencyDigits } from "../../../../connectors/shopify/parse-money";
import type { WooOrder, WooRefundInput } from "../../../../connectors/woocommerce/client/types";
import { wooDecimalToMinor } from "../../../../connectors/woocommerce/parse-money";
import { CommandRefusedError, type CommandHandler } from "../../commands/commanders";
import { readWooFailure, WooChannelKeysError, type WooCommandClient } from "../client-for-channel.server";

// The steps WooCommerce commands are made of (a note, a status, a refund), each safe to repeat. WooCommerce takes no
// idempotency key, so every step first looks at the order as it is and does nothing when its effect is there
// already: a retry after a lost answer finds its note, its status or its refund and moves on.

/** A ledger order's WooCommerce id; the ledger keeps it as text. */
export function wooOrderId(externalId: string): number {
  const id = Number(externalId);
  if (!/^\d{1,15}$/.test(externalId) || id <= 0) {
    throw new CommandRefusedError(`Order ${externalId} is not a WooCommerce order id`);
  }
  return id;
}

/** Note text as WooCommerce may give it back: tags and common entities undone, spaces collapsed. */
export function normalizeNote(text: string): string {
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&quot;|&#0?34;/g, '"')
    .replace(/&#0?39;|&#8217;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Adds the note unless the order has it already. Callers make the text unique to what it reports (a parcel's
 * tracking, a ledger record's id), so "already there" can only be this command's earlier attempt.
 */
export async function addNoteOnce(
  client: WooCommandClient,
  orderId: number,
  text: string,
  customerNote: boolean,
): Promise<{ noteId: number; added: boolean }> {
  const wanted = normalizeNote(text);
  const existing = (await client.listOrderNotes(orderId)).find(
    (note) => note.customerNote === customerNote && normalizeNote(note.note) === wanted,
  );
  if (existing) return { noteId: existing.id, added: false };
  const { id } = await client.addOrderNote(orderId, text, customerNote);
  return { noteId: id, added: true };
}

/** Statuses an order does not leave for a shipment: it was called off on the store. */
const CALLED_OFF = new Set(["cancelled", "refunded", "failed", "trash"]);

/** Sets the order's status unless it has it already. */
export async function setStatusOnce(
  client: WooCommandClient,
  order: WooOrder,
  status: string,
  options: { refuseFrom?: Set<string> } = {},
): Promise<{ changed: boolean }> {
  if (order.status === status) return { changed: false };
  if ((options.refuseFrom ?? new Set()).has(order.status)) {
    throw new CommandRefusedError(`The order is ${order.status} on WooCommerce, so it was not marked ${status}`);
  }
  await client.updateOrderStatus(order.id, status);
  return { changed: true };
}

export const refuseCalledOff = { refuseFrom: CALLED_OFF };

/**
 * The refund reason carries the command's id: the refunds listed on the order are how a retry finds the refund an
 * earlier attempt made (money must never move twice), whatever happened to that attempt's answer.
 */
export const refundMarker = (commandId: string) => `[ChannelLedger ${commandId}]`;

export function refundMadeBy(order: WooOrder, commandId: string): { id: number; total: string } | undefined {
  const marker = refundMarker(commandId);
  return order.refunds.find((refund) => refund.reason.includes(marker));
}

/**
 * Refunds unless an earlier attempt of this command did. `order` must be read in this attempt: its refunds are the
 * record of what the earlier attempts did. WooCommerce is never asked to restock (the client sends api_restock false):
 * the ledger decides what goes back on the shelf, once (ADR 0009).
 */
export async function refundOnce(
  client: WooCommandClient,
  order: WooOrder,
  commandId: string,
  input: Omit<WooRefundInput, "reason" | "restockOnChannel"> & { reason: string },
): Promise<{ refundId: number; amount: string; added: boolean }> {
  const made = refundMadeBy(order, commandId);
  if (made) return { refundId: made.id, amount: made.total.replace(/^-/, ""), added: false };
  const reason = `${input.reason} ${refundMarker(commandId)}`;
  const refund = await client.createRefund(order.id, { ...input, reason, restockOnChannel: false });
  return { refundId: refund.id, amount: refund.amount, added: true };
}

/** What is left to refund on the order, in minor units (refund totals come as negative strings). */
export function refundableMinor(order: WooOrder): number {
  const refunded = order.refunds.reduce(
    (sum, refund) => sum + Math.abs(wooDecimalToMinor(refund.total, order.currency)),
    0,
  );
  return Math.max(0, wooDecimalToMinor(order.total, order.currency) - refunded);
}

/** Minor units to the order's decimal string ("EUR", 1999 → "19.99"). */
export function orderMoney(order: WooOrder, minor: number): string {
  return minorToDecimal(minor, currencyDigits(order.currency));
}

/** Minor units to WooCommerce's decimal string in the currency's precision (1999, 2 → "19.99"). */
export function minorToDecimal(minor: number, digits: number): string {
  const sign = minor < 0 ? "-" : "";
  const text = String(Math.abs(minor)).padStart(digits + 1, "0");
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * What the store's refusal means for the command: keys refused, the order gone, a request WooCommerce turned down
 * (a gateway that cannot refund, an amount over what is left) will not change by retrying, so the command is parked
 * with the store's words; busy and down are retried.
 */
export function withWooRefusals(handler: CommandHandler): CommandHandler {
  return async (context) => {
    try {
      return await handler(context);
    } catch (error) {
      if (error instanceof CommandRefusedError) throw error;
      if (error instanceof WooChannelKeysError) throw new CommandRefusedError(error.message);
      const failure = readWooFailure(error);
      if (failure.kind === "unknown" || failure.retryable) throw error;
      if (failure.kind === "auth") {
        throw new CommandRefusedError(`WooCommerce refused our API keys (${failure.message}): reconnect the channel`);
      }
      throw new CommandRefusedError(failure.message);
    }
  };
}
