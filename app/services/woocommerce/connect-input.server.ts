import { z } from "zod";

// What a merchant or operator gives to connect a WooCommerce store, checked the same way from the channels screen,
// the one-click callback and the CLI, and the one error type every refusal travels in (field errors for a form,
// a message for the CLI, a status for HTTP).

/**
 * A store's URL as one canonical text: https assumed when the scheme is missing (WooCommerce's own
 * get_formatted_url does the same), host lower-cased, default port, query, fragment and trailing slashes dropped.
 * The path stays: WordPress can live in a subdirectory. This text is Channel.externalRef, so typing the same store
 * twice finds the same channel.
 */
const withScheme = (text: string) => (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);

export function normaliseStoreUrl(input: string): string {
  const url = new URL(withScheme(input.trim()));
  url.search = "";
  url.hash = "";
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.protocol}//${url.host}${path}`;
}

export const StoreUrlSchema = z
  .string({ error: "Enter the store's URL" })
  .trim()
  .min(1, { error: "Enter the store's URL", abort: true })
  .max(2048, "That URL is too long")
  .superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(withScheme(text));
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter a URL such as https://shop.example.com" });
      return;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      ctx.addIssue({
        code: "custom",
        message: "The store's URL must start with https:// (or http:// for a test store)",
      });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: "Leave the user name and password out of the URL" });
    } else if (!url.hostname.includes(".") && url.hostname !== "localhost") {
      ctx.addIssue({ code: "custom", message: "Enter the store's full address, such as shop.example.com" });
    }
  })
  .transform(normaliseStoreUrl);

// Loose on purpose: WooCommerce issues ck_/cs_ followed by 40 hex characters, but keys created by plugins or
// migrated stores differ, and the store itself is the judge (checkAccess). The shape check only catches a key pasted
// into the secret's field and similar slips.
export const ConsumerKeySchema = z
  .string({ error: "Enter the consumer key" })
  .trim()
  .min(1, { error: "Enter the consumer key", abort: true })
  .regex(/^ck_[A-Za-z0-9_]{3,200}$/, "A consumer key starts with ck_ (WooCommerce > Settings > Advanced > REST API)");

export const ConsumerSecretSchema = z
  .string({ error: "Enter the consumer secret" })
  .trim()
  .min(1, { error: "Enter the consumer secret", abort: true })
  .regex(/^cs_[A-Za-z0-9_]{3,200}$/, "A consumer secret starts with cs_");

const optionalId = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

export const ConnectWooInputSchema = z.object({
  shopId: z.string().trim().min(1, "Choose a shop"),
  url: StoreUrlSchema,
  consumerKey: ConsumerKeySchema,
  consumerSecret: ConsumerSecretSchema,
  /** The ledger location the store's single stock pool stands for; default: the shop's first location. */
  locationId: optionalId,
});
export type ConnectWooInput = z.input<typeof ConnectWooInputSchema>;

export type WooConnectField = "shopId" | "url" | "consumerKey" | "consumerSecret" | "locationId" | "channelId";
export type WooFieldErrors = Partial<Record<WooConnectField, string[]>>;

/**
 * A connect, disconnect or repair that cannot go ahead, and why: per field for a form, as one line for the CLI.
 * status: 400 bad input, keys the store refused or a URL that does not answer like a store (the merchant fixes
 * the form), 404 not this shop's, 409 the channel cannot be used as it is, 503 this installation cannot store
 * credentials (no ENCRYPTION_KEY).
 */
export class WooConnectError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 503,
    readonly fieldErrors: WooFieldErrors,
    readonly formErrors: string[] = [],
  ) {
    super([...formErrors, ...Object.values(fieldErrors).flat()].join(" ") || "The store could not be connected");
    this.name = "WooConnectError";
  }

  static fromZod(error: z.ZodError, status: 400 | 404 = 400): WooConnectError {
    const flat = z.flattenError(error);
    return new WooConnectError(status, flat.fieldErrors as WooFieldErrors, flat.formErrors);
  }
}

/** Parses input with a schema, turning every problem into a WooConnectError with field errors. */
export function parseOrRefuse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw WooConnectError.fromZod(parsed.error);
  return parsed.data;
}
