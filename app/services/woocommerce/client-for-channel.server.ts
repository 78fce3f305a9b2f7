import { z } from "zod";
import { createWooClient } from "../../../connectors/woocommerce/client/client";
import { isWooError, WooError } from "../../../connectors/woocommerce/client/errors";
import { createWooTransport } from "../../../connectors/woocommerce/client/transport";
import type { WooClient, WooCredentials, WooErrorKind } from "../../../connectors/woocommerce/client/types";
import { DecryptionError, EncryptionKeyMissingError, openCredentials } from "../../crypto.server";
import type { Db } from "../../db.server";

// The WooCommerce client for a channel's background work (poll, backfill, push, commands), built from the channel's
// sealed keys. The keys are opened for each use and never kept or logged.

export type WooClientFactory = (credentials: WooCredentials) => WooClient;

/** A channel's keys cannot be used: nothing retried will fix it; the merchant has to connect the store again. */
export class WooChannelKeysError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WooChannelKeysError";
  }
}

export type WooClientOptions = {
  /** Builds the client from the opened keys; the connector's createWooClient by default. Tests pass their own. */
  create?: WooClientFactory;
  /** The encryption key; the configured ENCRYPTION_KEY by default. */
  key?: Buffer;
};

/** A sealed Channel.credentials value, opened; a WooChannelKeysError when it cannot be. */
export function openWooCredentials(sealed: string | null, key?: Buffer): WooCredentials {
  try {
    return key ? openCredentials(sealed, key) : openCredentials(sealed);
  } catch (error) {
    if (error instanceof DecryptionError || error instanceof EncryptionKeyMissingError) {
      throw new WooChannelKeysError(
        `The WooCommerce keys of this channel cannot be used (${error.message}): connect the store again`,
        { cause: error },
      );
    }
    throw error;
  }
}

/** The client for a sealed Channel.credentials value. */
export function wooClientFromSealed(sealed: string | null, options: WooClientOptions = {}): WooClient {
  return (options.create ?? createWooClient)(openWooCredentials(sealed, options.key));
}

async function channelKeys(db: Db, channelId: string, key?: Buffer): Promise<WooCredentials> {
  const channel = await db.channel.findUnique({ where: { id: channelId }, select: { kind: true, credentials: true } });
  if (!channel) throw new WooChannelKeysError(`Channel ${channelId} no longer exists`);
  if (channel.kind !== "woocommerce")
    throw new Error(`Channel ${channelId} is a ${channel.kind} channel, not WooCommerce`);
  return openWooCredentials(channel.credentials, key);
}

/** The WooCommerce client of a channel, from its decrypted credentials. */
export async function wooClientFor(db: Db, channelId: string, options: WooClientOptions = {}): Promise<WooClient> {
  return (options.create ?? createWooClient)(await channelKeys(db, channelId, options.key));
}

export type WooFailure = { kind: WooErrorKind | "unknown"; retryable: boolean; retryAfterMs?: number; message: string };

/** Why a client call failed, in the connector's words; "unknown" (worth a retry) for anything else. */
export function readWooFailure(error: unknown): WooFailure {
  if (isWooError(error)) {
    return { kind: error.kind, retryable: error.retryable, retryAfterMs: error.retryAfterMs, message: error.message };
  }
  return { kind: "unknown", retryable: true, message: error instanceof Error ? error.message : String(error) };
}

export type WooOrderNote = { id: number; note: string; customerNote: boolean };

/**
 * The client plus the read that merchant commands need and the connector's contract does not have yet: an order's
 * notes. WooCommerce takes no idempotency key, so a command that lost the answer to the note it added can only tell
 * by reading the notes back. (To move into WooClient as listOrderNotes; this goes through the connector's own
 * transport, so auth, errors and redaction are the connector's.)
 */
export type WooCommandClient = WooClient & { listOrderNotes(orderId: number): Promise<WooOrderNote[]> };

const OrderNotesAnswerSchema = z.array(
  z.object({ id: z.number().int().positive(), note: z.string(), customer_note: z.boolean() }),
);

export function createWooCommandClient(
  credentials: WooCredentials,
  create: WooClientFactory = createWooClient,
): WooCommandClient {
  const transport = createWooTransport(credentials);
  return {
    ...create(credentials),
    async listOrderNotes(orderId) {
      const endpoint = `orders/${orderId}/notes`;
      const answer = await transport.request("get", endpoint, { params: { type: "any" } });
      const parsed = OrderNotesAnswerSchema.safeParse(answer.data);
      if (!parsed.success) {
        throw new WooError({
          kind: "not_woocommerce",
          code: "unexpected_answer",
          message: `${transport.storeHost} (GET ${endpoint}) answered notes in a shape WooCommerce does not use`,
        });
      }
      return parsed.data.map((note) => ({ id: note.id, note: note.note, customerNote: note.customer_note }));
    },
  };
}

/** The command client of a channel, from its decrypted credentials. */
export async function wooCommandClientFor(db: Db, channelId: string, key?: Buffer): Promise<WooCommandClient> {
  return createWooCommandClient(await channelKeys(db, channelId, key));
}
