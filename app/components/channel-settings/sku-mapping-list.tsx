import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, EmptyState, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import type { MAP_SKU_INTENT, UnmatchedSku } from "../../services/channels/sku-mapping.server";
import { useActionToast } from "../toast";
import { fieldError, type ActionResult } from "./action-result";

const INTENT = "map-sku" satisfies typeof MAP_SKU_INTENT;

export type MappableItem = { id: string; sku: string; title: string };

const plural = (count: number, one: string) => `${count} ${count === 1 ? one : `${one}s`}`;

type MapFetcher = ReturnType<typeof useFetcher<ActionResult>>;

const rowKey = (row: { sku: string | null; title: string }) => (row.sku ? `sku:${row.sku}` : `title:${row.title}`);

function SkuRow(props: {
  row: UnmatchedSku;
  items: MappableItem[];
  fetcher: MapFetcher;
  mine: boolean;
  onSubmit: () => void;
}) {
  const { row, fetcher } = props;
  const [itemId, setItemId] = useState("");
  const { mine } = props;
  const submitting = fetcher.state !== "idle" && mine;
  const result = mine ? fetcher.data : undefined;
  const name = row.sku ?? `No SKU: “${row.title}”`;
  return (
    <fetcher.Form method="post" onSubmit={props.onSubmit}>
      <input type="hidden" name="intent" value={INTENT} />
      <input type="hidden" name="sku" value={row.sku ?? ""} />
      <input type="hidden" name="title" value={row.title} />
      <InlineStack align="space-between" blockAlign="end" gap="300">
        <BlockStack gap="050">
          <Text as="h3" variant="headingSm">
            {name}
          </Text>
          <Text as="p" tone="subdued">
            {row.sku ? `${row.title} · ` : ""}
            {plural(row.orders, "order")} · {plural(row.lines, "line")} · {plural(row.units, "unit")}
          </Text>
        </BlockStack>
        <InlineStack gap="200" blockAlign="end">
          <div style={{ minWidth: 260 }}>
            <Select
              label={`Inventory item for ${name}`}
              name="itemId"
              options={[
                { value: "", label: "Choose an item", disabled: true },
                ...props.items.map((item) => ({ value: item.id, label: `${item.sku} · ${item.title}` })),
              ]}
              value={itemId}
              onChange={setItemId}
              error={fieldError(result, "itemId") ?? fieldError(result, "form")}
            />
          </div>
          <Button submit loading={submitting} disabled={itemId === ""}>
            Map
          </Button>
        </InlineStack>
      </InlineStack>
    </fetcher.Form>
  );
}

export function SkuMappingList(props: { channelName: string; unmatched: UnmatchedSku[]; items: MappableItem[] }) {
  // One fetcher for every row: a mapped row leaves the list when the page reloads, and its toast must still show.
  const fetcher = useFetcher<ActionResult>();
  useActionToast(fetcher.data);
  const [lastSubmitted, setLastSubmitted] = useState<string | null>(null);
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Unmatched SKUs
          </Text>
          <Text as="p" tone="subdued">
            Order lines from {props.channelName} whose SKU matched no inventory item. Mapping one reserves its stock.
          </Text>
        </BlockStack>
        {props.unmatched.length === 0 ? (
          <EmptyState heading="Every line is matched" image="">
            <p>All of this channel&apos;s order lines have an inventory item.</p>
          </EmptyState>
        ) : props.items.length === 0 ? (
          <Text as="p" tone="subdued">
            There are no inventory items to map to yet.
          </Text>
        ) : (
          props.unmatched.map((row) => (
            <SkuRow
              key={rowKey(row)}
              row={row}
              items={props.items}
              fetcher={fetcher}
              mine={lastSubmitted === rowKey(row)}
              onSubmit={() => setLastSubmitted(rowKey(row))}
            />
          ))
        )}
      </BlockStack>
    </Card>
  );
}
