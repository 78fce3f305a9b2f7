import type { z } from "zod";
import { WooError } from "./errors";
import {
  WooBatchAnswerSchema,
  WooNoteAnswerSchema,
  WooOrderAnswerSchema,
  WooProductAnswerSchema,
  WooRefundAnswerSchema,
  WooSystemStatusAnswerSchema,
  wooVariationAnswerSchema,
  WooWebhookAnswerSchema,
} from "./schemas";
import type { StoreLimiters } from "./limiter";
import { createWooTransport, type WooAnswer, type WooLogger } from "./transport";
import type {
  WooBatchResult,
  WooClient,
  WooCredentials,
  WooListOrder,
  WooPage,
  WooRaw,
  WooStockUpdate,
  WooWebhook,
} from "./types";

// WooClient on top of @woocommerce/woocommerce-rest-api (through transport.ts). Every answer is checked against its
// schema and mapped; every failure is a WooError. No retries here: the caller knows whether a call is safe to repeat
// (a stock push is, a refund is not) and how long it can wait.

export type WooClientOptions = { timeoutMs?: number; logger?: WooLogger; limiters?: StoreLimiters };

/** WooCommerce's default woocommerce_rest_batch_items_limit: more items answer 413 and nothing is saved. */
export const WOO_BATCH_LIMIT = 100;
/** WordPress caps per_page at 100. */
export const WOO_MAX_PER_PAGE = 100;
/** Webhooks are few; a store answering more pages than this is not answering sensibly. */
const MAX_WEBHOOK_PAGES = 20;

type PageQuery = { page: number; perPage?: number; modifiedAfterGmt?: string } & WooListOrder;

function describeIssue(issue: z.core.$ZodIssue): string {
  return `${issue.path.join(".") || "the answer"} ${issue.message}`;
}

/** An issue in one item of a list, named by the item's id when it has one. */
function describeItemIssue(issue: z.core.$ZodIssue, item: unknown): string {
  const id = (item as { id?: unknown } | null)?.id;
  const which = typeof id === "number" || typeof id === "string" ? `an item (id ${id})` : "an item";
  return `${which}: ${describeIssue(issue)}`;
}

function intHeader(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

export function createWooClient(credentials: WooCredentials, options: WooClientOptions = {}): WooClient {
  const transport = createWooTransport(credentials, options);
  const where = (call: string) => `${transport.storeHost} (${call})`;

  function unexpected(call: string, detail: string): WooError {
    return new WooError({
      kind: "not_woocommerce",
      code: "unexpected_answer",
      message: `${where(call)} answered in a shape WooCommerce does not use: ${detail}`,
    });
  }

  function read<S extends z.ZodType>(schema: S, data: unknown, call: string): z.output<S> {
    const parsed = schema.safeParse(data);
    if (parsed.success) return parsed.data;
    throw unexpected(
      call,
      parsed.error.issues
        .slice(0, 3)
        .map((issue) => describeIssue(issue))
        .join("; "),
    );
  }

  /** Each item mapped, keeping the object as sent (raw) for the inbox. */
  function readItems<T>(schema: z.ZodType<T>, answer: WooAnswer, call: string): (T & WooRaw)[] {
    if (!Array.isArray(answer.data)) throw unexpected(call, "expected a list");
    const items = answer.data as unknown[];
    return items.map((item) => {
      const parsed = schema.safeParse(item);
      if (!parsed.success) throw unexpected(call, describeItemIssue(parsed.error.issues[0]!, item));
      return { ...parsed.data, raw: item as Record<string, unknown> };
    });
  }

  function pageParams(query: PageQuery, call: string): Record<string, unknown> {
    const perPage = query.perPage ?? WOO_MAX_PER_PAGE;
    if (!Number.isInteger(query.page) || query.page < 1)
      throw new WooError({ kind: "invalid", code: "page", message: `${where(call)}: page must be 1 or more` });
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > WOO_MAX_PER_PAGE)
      throw new WooError({ kind: "invalid", code: "per_page", message: `${where(call)}: perPage must be 1 to 100` });
    return {
      page: query.page,
      per_page: perPage,
      ...(query.modifiedAfterGmt ? { modified_after: query.modifiedAfterGmt, dates_are_gmt: true } : {}),
      ...(query.orderBy ? { orderby: query.orderBy } : {}),
      ...(query.order ? { order: query.order } : {}),
    };
  }

  async function list<T>(
    endpoint: string,
    params: Record<string, unknown>,
    schema: z.ZodType<T>,
  ): Promise<WooPage<T & WooRaw>> {
    const call = `GET ${endpoint}`;
    const answer = await transport.request("get", endpoint, { params });
    const items = readItems(schema, answer, call);
    const page = params.page as number;
    const perPage = params.per_page as number;
    // Without the headers (a cache that strips them) the page itself says whether another may follow.
    const total = intHeader(answer.headers["x-wp-total"]) ?? (page - 1) * perPage + items.length;
    const totalPages = intHeader(answer.headers["x-wp-totalpages"]) ?? (items.length < perPage ? page : page + 1);
    return { items, total, totalPages, page };
  }

  async function pushStock(endpoint: string, updates: WooStockUpdate[]): Promise<WooBatchResult[]> {
    const call = `POST ${endpoint}`;
    if (updates.length === 0) return [];
    if (updates.length > WOO_BATCH_LIMIT)
      throw new WooError({
        kind: "too_large",
        code: "batch_limit",
        message: `${where(call)}: ${updates.length} updates in one batch; WooCommerce takes at most ${WOO_BATCH_LIMIT}`,
      });
    for (const update of updates) {
      if (!Number.isSafeInteger(update.id) || update.id <= 0 || !Number.isSafeInteger(update.stockQuantity))
        throw new WooError({
          kind: "invalid",
          code: "stock_update",
          message: `${where(call)}: a stock update needs a product id and a whole quantity (id ${update.id}, quantity ${update.stockQuantity})`,
        });
    }
    const answer = await transport.request("post", endpoint, {
      data: {
        // manage_stock: true so the quantity is honoured: WooCommerce ignores stock_quantity on a product that does
        // not manage stock, and answers 200 all the same.
        update: updates.map((update) => ({ id: update.id, stock_quantity: update.stockQuantity, manage_stock: true })),
      },
    });
    const body = read(WooBatchAnswerSchema, answer.data, call);
    const results = Array.isArray(body) ? [] : (body.update ?? []);
    if (results.length !== updates.length)
      throw unexpected(call, `${results.length} results for ${updates.length} updates`);
    // WooCommerce answers in the order of the request; an item's own id may be missing when it was refused.
    return results.map((result, index): WooBatchResult => {
      const id = updates[index]!.id;
      if ("error" in result) {
        const data = result.error.data as { status?: unknown } | undefined;
        const status = typeof data?.status === "number" ? data.status : 400;
        return {
          id,
          ok: false,
          code: result.error.code,
          message: result.error.message,
          retryable: status >= 500 || status === 429,
        };
      }
      return { id, ok: true, stockQuantity: result.stock_quantity ?? null };
    });
  }

  return {
    async checkAccess() {
      const call = "GET system_status";
      // _fields keeps this cheap: WooCommerce computes only the sections asked for.
      const status = await transport.request("get", "system_status", {
        params: { _fields: "environment.home_url,settings.currency" },
      });
      const { environment, settings } = read(WooSystemStatusAnswerSchema, status.data, call);
      // An empty batch is a write that changes nothing: read-only keys are refused here, not at the first push.
      await transport.request("post", "products/batch", { data: {} });
      return { storeUrl: environment.home_url, currency: settings?.currency || null };
    },

    async listProducts(query) {
      return list("products", pageParams(query, "GET products"), WooProductAnswerSchema);
    },

    async listVariations(productId, query) {
      const endpoint = `products/${productId}/variations`;
      return list(endpoint, pageParams(query, `GET ${endpoint}`), wooVariationAnswerSchema(productId));
    },

    async listOrders(query) {
      const params = pageParams(query, "GET orders");
      // A comma list is what WordPress reads for an array argument, signed the same way by either auth.
      if (query.status?.length) params.status = query.status.join(",");
      return list("orders", params, WooOrderAnswerSchema);
    },

    async getOrder(id) {
      const answer = await transport.request("get", `orders/${id}`);
      return {
        ...read(WooOrderAnswerSchema, answer.data, `GET orders/${id}`),
        raw: answer.data as Record<string, unknown>,
      };
    },

    async updateOrderStatus(id, status) {
      const answer = await transport.request("put", `orders/${id}`, { data: { status } });
      return {
        ...read(WooOrderAnswerSchema, answer.data, `PUT orders/${id}`),
        raw: answer.data as Record<string, unknown>,
      };
    },

    async addOrderNote(id, note, customerNote) {
      const endpoint = `orders/${id}/notes`;
      const answer = await transport.request("post", endpoint, { data: { note, customer_note: customerNote } });
      return { id: read(WooNoteAnswerSchema, answer.data, `POST ${endpoint}`).id };
    },

    async createRefund(orderId, input) {
      const endpoint = `orders/${orderId}/refunds`;
      const answer = await transport.request("post", endpoint, {
        data: {
          amount: input.amount,
          ...(input.reason ? { reason: input.reason } : {}),
          line_items: input.lineItems.map((line) => ({
            id: line.id,
            quantity: line.quantity,
            refund_total: line.refundTotal,
          })),
          api_refund: input.viaGateway,
          api_restock: input.restockOnChannel ?? false,
        },
      });
      return read(WooRefundAnswerSchema, answer.data, `POST ${endpoint}`);
    },

    async updateProductStock(updates) {
      return pushStock("products/batch", updates);
    },

    async updateVariationStock(productId, updates) {
      return pushStock(`products/${productId}/variations/batch`, updates);
    },

    async listWebhooks() {
      const webhooks: WooWebhook[] = [];
      for (let page = 1; page <= MAX_WEBHOOK_PAGES; page++) {
        const answer = await list("webhooks", { page, per_page: WOO_MAX_PER_PAGE }, WooWebhookAnswerSchema);
        webhooks.push(...answer.items.map(({ raw: _raw, ...webhook }) => webhook));
        if (page >= answer.totalPages) return webhooks;
      }
      throw unexpected("GET webhooks", `more than ${MAX_WEBHOOK_PAGES} pages of webhooks`);
    },

    async createWebhook(input) {
      const answer = await transport.request("post", "webhooks", {
        data: {
          name: input.name,
          topic: input.topic,
          delivery_url: input.deliveryUrl,
          secret: input.secret,
          status: "active",
        },
      });
      return read(WooWebhookAnswerSchema, answer.data, "POST webhooks");
    },

    async updateWebhookStatus(id, status) {
      const answer = await transport.request("put", `webhooks/${id}`, { data: { status } });
      return read(WooWebhookAnswerSchema, answer.data, `PUT webhooks/${id}`);
    },

    async deleteWebhook(id) {
      // Webhooks have no trash: without force WooCommerce answers 501.
      await transport.request("delete", `webhooks/${id}`, { params: { force: true } });
    },
  };
}
