import { z } from "zod";
import { isWooError, WooError } from "../../../connectors/woocommerce/client/errors";
import { ManageStockSchema, WooIdSchema } from "../../../connectors/woocommerce/client/schemas";
import { createWooTransport } from "../../../connectors/woocommerce/client/transport";
import type { WooCredentials } from "../../../connectors/woocommerce/client/types";

// The stock figures of a store, and nothing else. A product as /products sends it is several kilobytes (description,
// images, attributes, meta); reconciliation reads every product of the store, so it asks for the four fields it needs
// (_fields, which WordPress also uses to skip building the rest). This goes through the connector's own transport,
// as the command client's notes read does, so auth, errors and redaction are the connector's. (To move into WooClient
// as a listProducts option once the client takes _fields.)

/** WordPress caps per_page at 100. */
export const WOO_STOCK_PAGE_SIZE = 100;
const PRODUCT_FIELDS = "id,type,manage_stock,stock_quantity,variations";
const VARIATION_FIELDS = "id,manage_stock,stock_quantity";
/** A store that is busy or briefly down is asked again this often before the read gives up. */
const ATTEMPTS = 3;
const MAX_WAIT_MS = 5_000;

const QuantitySchema = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^-?\d+$/, "must be a whole number")
      .transform(Number),
  ])
  .nullish()
  .transform((value) => value ?? null);

const StockRecordSchema = z.object({
  id: WooIdSchema,
  manage_stock: ManageStockSchema,
  stock_quantity: QuantitySchema,
});
const ProductStockSchema = StockRecordSchema.extend({
  type: z.string(),
  variations: z.array(WooIdSchema).nullish(),
});

export type WooStockRecord = { id: number; manageStock: boolean | "parent"; stockQuantity: number | null };
export type WooProductStock = WooStockRecord & { type: string; variations: number[] };
export type WooStockPage<T> = { items: T[]; totalPages: number };

export interface WooStockSource {
  /** One page of products in id order (stable while the store changes), variations apart. */
  products(page: number): Promise<WooStockPage<WooProductStock>>;
  variations(parentId: number, page: number): Promise<WooStockPage<WooStockRecord>>;
}

export type WooStockSourceOptions = { sleep?: (ms: number) => Promise<void> };

export function createWooStockSource(credentials: WooCredentials, options: WooStockSourceOptions = {}): WooStockSource {
  const transport = createWooTransport(credentials);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function list<S extends z.ZodType>(endpoint: string, page: number, fields: string, schema: S) {
    const params = { page, per_page: WOO_STOCK_PAGE_SIZE, orderby: "id", order: "asc", _fields: fields };
    const answer = await withRetry(() => transport.request("get", endpoint, { params }), sleep);
    const items = z.array(schema).safeParse(answer.data);
    if (!items.success) {
      const issue = items.error.issues[0];
      throw new WooError({
        kind: "not_woocommerce",
        code: "unexpected_answer",
        message: `${transport.storeHost} (GET ${endpoint}) answered stock in a shape WooCommerce does not use: ${issue?.path.join(".")} ${issue?.message}`,
      });
    }
    const header = answer.headers["x-wp-totalpages"];
    // Without the header (a cache that strips it) a full page says another may follow.
    const totalPages =
      header !== undefined && /^\d+$/.test(header.trim())
        ? Number(header)
        : items.data.length < WOO_STOCK_PAGE_SIZE
          ? page
          : page + 1;
    return { items: items.data as z.output<S>[], totalPages };
  }

  return {
    async products(page) {
      const answer = await list("products", page, PRODUCT_FIELDS, ProductStockSchema);
      return {
        totalPages: answer.totalPages,
        items: answer.items.map((product) => ({
          ...stock(product),
          type: product.type,
          variations: product.variations ?? [],
        })),
      };
    },
    async variations(parentId, page) {
      const answer = await list(`products/${parentId}/variations`, page, VARIATION_FIELDS, StockRecordSchema);
      return { totalPages: answer.totalPages, items: answer.items.map(stock) };
    },
  };
}

function stock(record: z.output<typeof StockRecordSchema>): WooStockRecord {
  return { id: record.id, manageStock: record.manage_stock, stockQuantity: record.stock_quantity };
}

/** A read is safe to repeat: a throttled or unavailable store is asked again after its Retry-After (short ones). */
async function withRetry<T>(call: () => Promise<T>, sleep: (ms: number) => Promise<void>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const waitMs = isWooError(error) ? (error.retryAfterMs ?? 500 * attempt) : 0;
      if (!isWooError(error) || !error.retryable || attempt >= ATTEMPTS || waitMs > MAX_WAIT_MS) throw error;
      await sleep(waitMs);
    }
  }
}
