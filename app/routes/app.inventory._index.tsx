import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { BlockStack, Button, Card, Checkbox, EmptyState, Form, Page, TextField } from "@shopify/polaris";
import { useState } from "react";
import { requireShopContext } from "../auth/shop-context.server";
import { InventoryTable } from "../components/inventory/inventory-table";
import { RouteError } from "../components/route-error";
import { getDb } from "../db.server";
import { InventoryListQuerySchema, listInventory } from "../services/read/inventory.server";

export const meta: MetaFunction = () => [{ title: "Inventory · ChannelLedger" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const query = InventoryListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new Response("The search or page in the address is not valid.", { status: 400 });
  const { q, low, page } = query.data;
  const result = await listInventory(getDb(), shop.id, { search: q, lowOnly: low, page });
  return { ...result, search: q ?? "", lowOnly: low };
}

export default function Inventory() {
  const { locations, channels, items, page, hasNext, search, lowOnly } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const [text, setText] = useState(search);
  const filtered = search !== "" || lowOnly;
  // The box follows the address when the search changes from elsewhere ("Show all items", back and forward).
  const [shownSearch, setShownSearch] = useState(search);
  if (search !== shownSearch) {
    setShownSearch(search);
    setText(search);
  }

  // Other parameters (the embedded admin's) stay; a new filter starts again at page 1.
  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries({ page: null, ...changes })) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    navigate(`?${next.toString()}`);
  };

  return (
    <Page
      title="Inventory"
      subtitle="Available = on hand − committed, per location"
      primaryAction={{ content: "Cycle count", url: "/app/inventory/count" }}
    >
      <BlockStack gap="400">
        <Card>
          <Form onSubmit={() => go({ q: text.trim() })}>
            <BlockStack gap="200">
              <TextField
                label="Search by SKU or title"
                value={text}
                onChange={setText}
                autoComplete="off"
                clearButton
                onClearButtonClick={() => {
                  setText("");
                  go({ q: null });
                }}
                connectedRight={<Button submit>Search</Button>}
              />
              <Checkbox
                label="Low stock only"
                checked={lowOnly}
                onChange={(checked) => go({ low: checked ? "1" : null })}
              />
            </BlockStack>
          </Form>
        </Card>
        <Card padding="0">
          {items.length === 0 && page === 1 ? (
            filtered ? (
              <EmptyState
                heading="No items match"
                image=""
                action={{ content: "Show all items", onAction: () => go({ q: null, low: null }) }}
              >
                <p>Try another SKU or title, or turn off “Low stock only”.</p>
              </EmptyState>
            ) : (
              <EmptyState heading="No inventory items yet" image="">
                <p>Items appear when a channel's catalog is imported.</p>
              </EmptyState>
            )
          ) : (
            <InventoryTable
              items={items}
              locations={locations}
              channels={channels}
              pagination={{
                hasNext,
                hasPrevious: page > 1,
                onNext: () => go({ page: String(page + 1) }),
                onPrevious: () => go({ page: page > 2 ? String(page - 1) : null }),
              }}
            />
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Inventory" />;
}
