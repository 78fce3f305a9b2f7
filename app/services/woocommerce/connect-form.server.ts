import { z } from "zod";
import type { Db } from "../../db.server";
import type { WooServiceOptions } from "./connect-deps.server";
import {
  ConsumerKeySchema,
  ConsumerSecretSchema,
  StoreUrlSchema,
  WooConnectError,
  type WooFieldErrors,
} from "./connect-input.server";
import { connectWooCommerce, disconnectWooCommerce, WOO_KIND } from "./connect.server";
import { ensureWooWebhooks } from "./webhooks-setup.server";
import { wooAuthorizeUrl } from "./woo-auth.server";

// The channels screen's WooCommerce forms: one click (store URL), manual keys, disconnect, repair webhooks. Each
// intent has its schema; the route only authenticates, calls this and turns the answer into a Remix response.

export const WOO_INTENTS = ["woo-authorize", "woo-connect", "woo-disconnect", "woo-repair-webhooks"] as const;
export type WooIntent = (typeof WOO_INTENTS)[number];

export const WooAuthorizeFormSchema = z.object({ intent: z.literal("woo-authorize"), url: StoreUrlSchema });

export const WooConnectFormSchema = z.object({
  intent: z.literal("woo-connect"),
  url: StoreUrlSchema,
  consumerKey: ConsumerKeySchema,
  consumerSecret: ConsumerSecretSchema,
  locationId: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
});

export const WooChannelFormSchema = z.object({
  intent: z.enum(["woo-disconnect", "woo-repair-webhooks"]),
  channelId: z.string().trim().min(1, "Choose a channel"),
});

// Every answer carries a toast for the page: what happened, or why nothing did.
export type WooFormFailure = {
  ok: false;
  intent: WooIntent;
  fieldErrors: WooFieldErrors;
  formErrors: string[];
  toast: string;
};
export type WooFormSuccess = { toast: string } & (
  | { ok: true; intent: "woo-connect"; channelId: string; name: string; created: boolean; webhooksOk: boolean }
  | { ok: true; intent: "woo-disconnect"; channelId: string; webhooksRemoved: number; failures: string[] }
  | { ok: true; intent: "woo-repair-webhooks"; channelId: string; webhooksOk: boolean; error: string | null }
);

const REFUSAL_TOASTS: Record<WooIntent, string> = {
  "woo-authorize": "The store could not be connected",
  "woo-connect": "The store could not be connected",
  "woo-disconnect": "The store was not disconnected",
  "woo-repair-webhooks": "The webhooks were not repaired",
};

export type WooFormOutcome = { status: number; data: WooFormSuccess | WooFormFailure } | { redirectTo: string };

export const isWooIntent = (intent: unknown): intent is WooIntent => WOO_INTENTS.includes(intent as WooIntent);

function refused(intent: WooIntent, error: WooConnectError): WooFormOutcome {
  return {
    status: error.status,
    data: {
      ok: false,
      intent,
      fieldErrors: error.fieldErrors,
      formErrors: error.formErrors,
      toast: REFUSAL_TOASTS[intent] ?? "That did not work",
    },
  };
}

function parsed<Schema extends z.ZodType>(schema: Schema, intent: WooIntent, form: Record<string, unknown>) {
  const result = schema.safeParse(form);
  if (result.success) return { data: result.data as z.output<Schema> };
  const flat = z.flattenError(result.error);
  const data: WooFormFailure = {
    ok: false,
    intent,
    fieldErrors: flat.fieldErrors as WooFieldErrors,
    formErrors: flat.formErrors,
    toast: REFUSAL_TOASTS[intent] ?? "That did not work",
  };
  return { failure: { status: 400, data } satisfies WooFormOutcome };
}

async function requireOwnChannel(db: Db, shopId: string, channelId: string) {
  const channel = await db.channel.findFirst({
    where: { id: channelId, shopId, kind: WOO_KIND },
    select: { id: true, name: true },
  });
  if (!channel) throw new WooConnectError(404, { channelId: ["No such WooCommerce channel"] });
  return channel;
}

/** One WooCommerce form submission of the channels screen, for the shop the request is authenticated for. */
export async function handleWooChannelForm(
  db: Db,
  form: Record<string, unknown>,
  context: { shopId: string; mode: "embedded" | "standalone" },
  options: WooServiceOptions = {},
): Promise<WooFormOutcome> {
  const intent = form.intent as WooIntent;
  try {
    if (intent === "woo-authorize") {
      const input = parsed(WooAuthorizeFormSchema, intent, form);
      if (input.failure) return input.failure;
      const url = wooAuthorizeUrl({ shopId: context.shopId, storeUrl: input.data.url, mode: context.mode }, options);
      return { redirectTo: url };
    }
    if (intent === "woo-connect") {
      const input = parsed(WooConnectFormSchema, intent, form);
      if (input.failure) return input.failure;
      const { intent: _intent, ...fields } = input.data;
      const result = await connectWooCommerce(db, { shopId: context.shopId, ...fields }, options);
      return {
        status: 200,
        data: {
          ok: true,
          intent,
          channelId: result.channel.id,
          name: result.channel.name,
          created: result.created,
          webhooksOk: result.webhooks.ok,
          toast: result.webhooks.ok
            ? `${result.channel.name} ${result.created ? "connected" : "connected again"}`
            : `${result.channel.name} connected; some webhooks need repair`,
        },
      };
    }
    const input = parsed(WooChannelFormSchema, intent, form);
    if (input.failure) return input.failure;
    const channel = await requireOwnChannel(db, context.shopId, input.data.channelId);
    if (input.data.intent === "woo-disconnect") {
      const result = await disconnectWooCommerce(db, context.shopId, channel.id, options);
      const toast =
        result.failures.length > 0
          ? `${channel.name} disconnected; the store kept some webhooks`
          : `${channel.name} disconnected`;
      return { status: 200, data: { ok: true, intent: "woo-disconnect", ...result, toast } };
    }
    const health = await ensureWooWebhooks(db, channel.id, options);
    return {
      status: 200,
      data: {
        ok: true,
        intent: "woo-repair-webhooks",
        channelId: channel.id,
        webhooksOk: health.ok,
        error: health.error,
        toast: health.ok ? "Webhooks repaired: all active" : "Some webhooks are still not active",
      },
    };
  } catch (error) {
    if (error instanceof WooConnectError) return refused(intent, error);
    throw error;
  }
}
