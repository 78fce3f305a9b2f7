import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { requireShopContext } from "../auth/shop-context.server";
import { ADJUST_REASON_VALUES, adjustReasonText } from "../components/inventory/adjust-reasons";
import { AdjustStockCard } from "../components/inventory/adjust-stock-card";
import { BalancesCard, ListingsCard } from "../components/inventory/item-stock-cards";
import { LowStockCard } from "../components/inventory/low-stock-card";
import { MovementHistory } from "../components/inventory/movement-history";
import { signed } from "../components/inventory/movement-words";
import { LowStockBadge } from "../components/inventory/sync-state-badge";
import { RouteError } from "../components/route-error";
import { getDb } from "../db.server";
import { formError, parseForm } from "../forms.server";
import { adjustStock, AdjustStockError, MAX_ADJUST_QUANTITY } from "../services/ledger/adjust-stock.server";
import { MAX_LOW_STOCK_THRESHOLD, setLowStockThreshold } from "../services/ledger/low-stock.server";
import { decodeMovementCursor, getItemDetail, listItemMovements } from "../services/read/item-detail.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.sku ?? "Item"} · Inventory · ChannelLedger` },
];

const wholeNumber = (message: string) =>
  z
    .string()
    .trim()
    .regex(/^[+-]?\d{1,10}$/, message)
    .transform(Number);

const ItemActionSchema = z.discriminatedUnion("intent", [
  z
    .object({
      intent: z.literal("adjust"),
      requestId: z.uuid(),
      locationId: z.string().min(1, "Choose a location"),
      delta: wholeNumber("Enter a whole number, for example 5 or -3").pipe(
        z
          .number()
          .min(-MAX_ADJUST_QUANTITY, "That is too many units")
          .max(MAX_ADJUST_QUANTITY, "That is too many units")
          .refine((value) => value !== 0, "Enter a change other than 0"),
      ),
      reason: z.enum(ADJUST_REASON_VALUES, { error: "Choose a reason from the list" }),
      note: z.string().trim().max(200, "At most 200 characters").optional(),
    })
    .refine((form) => form.reason !== "other" || Boolean(form.note), {
      path: ["note"],
      message: "Say why when the reason is Other",
    }),
  z.object({
    intent: z.literal("set-threshold"),
    threshold: wholeNumber("Enter a whole number of units, 0 or more").pipe(
      z.number().min(0, "Cannot be negative").max(MAX_LOW_STOCK_THRESHOLD, `At most ${MAX_LOW_STOCK_THRESHOLD}`),
    ),
  }),
  z.object({ intent: z.literal("clear-threshold") }),
]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const detail = await getItemDetail(getDb(), shop.id, params.id ?? "");
  if (!detail) throw new Response("This shop has no inventory item with that id.", { status: 404 });
  const cursor = new URL(request.url).searchParams.get("before");
  const before = cursor ? decodeMovementCursor(cursor) : undefined;
  if (cursor && !before) throw new Response("The page of movements in the address is not valid.", { status: 400 });
  const history = await listItemMovements(getDb(), shop.id, detail.item.id, { before });
  // A fresh id per render of the form: a double submit of the same adjustment applies once.
  return { ...detail, ...history, requestId: randomUUID() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop, actor } = await requireShopContext(request);
  const parsed = await parseForm(request, ItemActionSchema);
  if (!parsed.ok) return parsed.refusal;
  const itemId = params.id ?? "";
  const form = parsed.data;
  if (form.intent === "adjust") {
    try {
      const { movement, balance, replayed } = await adjustStock(getDb(), shop.id, {
        itemId,
        locationId: form.locationId,
        delta: form.delta,
        reason: adjustReasonText(form.reason, form.note),
        source: "ui",
        actor,
        idempotencyKey: `ui:adjust:${form.requestId}`,
      });
      if (replayed) return { ok: true as const, toast: "That adjustment was already recorded" };
      const location = await getDb().location.findFirst({ where: { id: movement.locationId, shopId: shop.id } });
      return {
        ok: true as const,
        toast: `On hand at ${location?.name ?? "the location"} ${signed(movement.onHandDelta)}: now ${balance.onHand}`,
      };
    } catch (error) {
      if (!(error instanceof AdjustStockError)) throw error;
      if (error.code === "unknown_item") return formError({}, { status: 404, toast: "This item no longer exists" });
      if (error.code === "unknown_location") {
        return formError({ locationId: ["No such location"] }, { status: 404, toast: "That location does not exist" });
      }
      return formError({ delta: [error.message] });
    }
  }
  const threshold = form.intent === "set-threshold" ? form.threshold : null;
  const updated = await setLowStockThreshold(getDb(), shop.id, itemId, threshold);
  if (!updated) return formError({}, { status: 404, toast: "This item no longer exists" });
  return {
    ok: true as const,
    toast: threshold === null ? "Low-stock threshold cleared" : `Low-stock threshold set to ${threshold}`,
  };
}

export default function InventoryItem() {
  const data = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const { item } = data;

  const showOlder = (cursor: string) => {
    const next = new URLSearchParams(searchParams);
    next.set("before", cursor);
    navigate(`?${next.toString()}`);
  };

  return (
    <Page
      backAction={{ content: "Inventory", url: "/app/inventory" }}
      title={item.sku}
      subtitle={item.title}
      titleMetadata={data.low ? <LowStockBadge /> : undefined}
      secondaryActions={[{ content: "Cycle count", url: "/app/inventory/count" }]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <BalancesCard balances={data.balances} totals={data.totals} />
            <ListingsCard listings={data.listings} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <AdjustStockCard locations={data.locations} requestId={data.requestId} />
            <LowStockCard threshold={item.lowStockThreshold} available={data.totals.available} />
            <InlineStack gap="200">
              {item.barcode ? <Badge>{`Barcode ${item.barcode}`}</Badge> : null}
              <Text as="span" tone="subdued">
                {item.backorderPolicy === "allow" ? "Backorders allowed" : "Oversells are recorded, never backordered"}
              </Text>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <MovementHistory
            movements={data.movements}
            hasNext={data.nextCursor !== null}
            hasPrevious={searchParams.has("before")}
            onNext={() => data.nextCursor && showOlder(data.nextCursor)}
            onPrevious={() => navigate(-1)}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Inventory item" />;
}
