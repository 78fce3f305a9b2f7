import type { ChannelEvent } from "./events";

/** A webhook as it arrived: the raw body bytes (signatures are over these, never re-serialised JSON). */
export type IncomingWebhook = { rawBody: Buffer; headers: Headers };

export type WebhookVerdict =
  | { ok: true; topic: string; eventId: string; payload: unknown }
  | { ok: false; status: 400 | 401 | 413; reason: string };

/** What a webhook's topic means for the ledger: events to apply, or nothing (logged, acknowledged). */
export type ParsedWebhook = { events: ChannelEvent[] } | { ignored: string };

/**
 * One sales channel. The only code that knows the channel's API and payloads; it never writes the
 * database, it returns normalised events for the ledger.
 */
export interface WebhookParser {
  readonly kind: string;
  /** Maps a verified payload of one topic to normalised events; throws a ZodError on a bad payload. */
  parseWebhook(topic: string, payload: unknown): ParsedWebhook;
}
