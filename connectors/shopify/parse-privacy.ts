import { z } from "zod";
import {
  ChannelUninstalledSchema,
  CustomerDataRequestSchema,
  CustomerRedactSchema,
  ShopRedactSchema,
  type ChannelEvent,
} from "../events";
import { blankToUndefined, OptionalTextSchema, ShopifyIdSchema } from "./parse-common";

// app/uninstalled and the three mandatory privacy topics. Their payloads name the shop and, for the customer
// topics, the customer and the orders concerned; nothing else is needed to act on them.

const ShopObjectSchema = z.looseObject({});

const PrivacyCustomerSchema = z.object({
  id: ShopifyIdSchema.nullish(),
  email: OptionalTextSchema,
  phone: OptionalTextSchema,
});

const DataRequestPayloadSchema = z.object({
  customer: PrivacyCustomerSchema,
  orders_requested: z.array(ShopifyIdSchema).max(10_000).default([]),
  data_request: z.object({ id: ShopifyIdSchema }).nullish(),
});

const CustomerRedactPayloadSchema = z.object({
  customer: PrivacyCustomerSchema,
  orders_to_redact: z.array(ShopifyIdSchema).max(10_000).default([]),
});

const ShopRedactPayloadSchema = z.object({ shop_id: ShopifyIdSchema.nullish(), shop_domain: OptionalTextSchema });

function customer(input: z.output<typeof PrivacyCustomerSchema>) {
  return { externalId: input.id ?? undefined, email: blankToUndefined(input.email) };
}

export function parseAppUninstalledWebhook(payload: unknown): ChannelEvent {
  ShopObjectSchema.parse(payload);
  return ChannelUninstalledSchema.parse({ type: "channel.uninstalled" });
}

export function parseCustomerDataRequestWebhook(payload: unknown): ChannelEvent {
  const request = DataRequestPayloadSchema.parse(payload);
  return CustomerDataRequestSchema.parse({
    type: "privacy.customer_data_request",
    customer: customer(request.customer),
    orderExternalIds: request.orders_requested,
    requestId: request.data_request?.id,
  });
}

export function parseCustomerRedactWebhook(payload: unknown): ChannelEvent {
  const request = CustomerRedactPayloadSchema.parse(payload);
  return CustomerRedactSchema.parse({
    type: "privacy.customer_redact",
    customer: customer(request.customer),
    orderExternalIds: request.orders_to_redact,
  });
}

export function parseShopRedactWebhook(payload: unknown): ChannelEvent {
  ShopRedactPayloadSchema.parse(payload);
  return ShopRedactSchema.parse({ type: "privacy.shop_redact" });
}
