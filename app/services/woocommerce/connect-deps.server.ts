import { createWooClient } from "../../../connectors/woocommerce/client/client";
import type { WooClient, WooCredentials, WooErrorKind } from "../../../connectors/woocommerce/client/types";
import type { JobQueue, LoggerLike } from "../../../jobs/queue";
import { getConfig } from "../../config.server";
import { configuredEncryptionKey, EncryptionKeyMissingError } from "../../crypto.server";
import { getLogger } from "../../logger.server";
import { WooConnectError } from "./connect-input.server";

// What the connect, webhook-setup and one-click services need from outside, with the process's defaults. Tests
// pass their own (the simulator's URL, a fixed key); the CLI and routes take the defaults.

export type WooClientFactory = (credentials: WooCredentials) => WooClient;

export type WooServiceOptions = {
  /** The public URL webhooks are delivered to; APP_URL (SHOPIFY_APP_URL) by default. */
  appUrl?: string;
  clientFactory?: WooClientFactory;
  /** ENCRYPTION_KEY as bytes; null: none is configured (refused when needed); default: from the configuration. */
  encryptionKey?: Buffer | null;
  /** Where the first backfill is queued; null when this process cannot reach the workers (the CLI without Redis). */
  queue?: JobQueue | null;
  logger?: LoggerLike;
  now?: () => Date;
};

export type WooServiceDeps = {
  appUrl: string;
  clientFactory: WooClientFactory;
  encryptionKey: () => Buffer;
  queue: JobQueue | null;
  logger: LoggerLike;
  now: () => Date;
};

export function wooServiceDeps(options: WooServiceOptions = {}): WooServiceDeps {
  return {
    appUrl: (options.appUrl ?? getConfig().appUrl).replace(/\/+$/, ""),
    clientFactory: options.clientFactory ?? createWooClient,
    // Read when needed, so a screen that only lists channels works without ENCRYPTION_KEY.
    encryptionKey: () => {
      if (options.encryptionKey) return options.encryptionKey;
      try {
        if (options.encryptionKey === null) throw new EncryptionKeyMissingError();
        return configuredEncryptionKey();
      } catch (error) {
        if (error instanceof EncryptionKeyMissingError) throw new WooConnectError(503, {}, [error.message]);
        throw error;
      }
    },
    queue: options.queue ?? null,
    logger: options.logger ?? getLogger().child({ module: "woocommerce-connect" }),
    now: options.now ?? (() => new Date()),
  };
}

/** The delivery URL of a channel's webhooks; the channel id in the path is how a delivery finds its secret. */
export function wooDeliveryUrl(appUrl: string, channelId: string): string {
  return `${appUrl.replace(/\/+$/, "")}/webhooks/woocommerce/${encodeURIComponent(channelId)}`;
}

const KINDS: readonly WooErrorKind[] = [
  "auth",
  "not_found",
  "invalid",
  "too_large",
  "throttled",
  "unavailable",
  "not_woocommerce",
];

/** The connector's reason for a failed call, read from the error it threw; undefined for anything else. */
export function wooErrorKind(error: unknown): WooErrorKind | undefined {
  const kind = typeof error === "object" && error !== null && "kind" in error ? error.kind : undefined;
  return KINDS.find((candidate) => candidate === kind);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
