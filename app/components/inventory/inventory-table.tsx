import { BlockStack, IndexTable, InlineStack, Link, Text } from "@shopify/polaris";
import { LowStockBadge, SyncStateBadge } from "./sync-state-badge";

export type InventoryRow = {
  id: string;
  sku: string;
  title: string;
  available: number;
  low: boolean;
  perLocation: { locationId: string; onHand: number; committed: number; available: number }[];
  perChannel: {
    channelId: string;
    listed: boolean;
    sellable: number | null;
    lastPushed: number | null;
    syncState: string | null;
  }[];
};

const orDash = (value: number | null) => (value === null ? "—" : String(value));

/** One row per item: each location's on hand / committed with its available, each channel's sellable / pushed. */
export function InventoryTable(props: {
  items: InventoryRow[];
  locations: { id: string; name: string }[];
  channels: { id: string; name: string }[];
  pagination: { hasNext: boolean; hasPrevious: boolean; onNext: () => void; onPrevious: () => void };
}) {
  return (
    <IndexTable
      resourceName={{ singular: "item", plural: "items" }}
      itemCount={props.items.length}
      selectable={false}
      headings={[
        { title: "Item" },
        ...props.locations.map((location) => ({ title: `${location.name} (on hand / committed)` })),
        { title: "Available", alignment: "end" as const },
        ...props.channels.map((channel) => ({ title: `${channel.name} (sellable / last pushed)` })),
      ]}
      pagination={props.pagination.hasNext || props.pagination.hasPrevious ? props.pagination : undefined}
    >
      {props.items.map((item, index) => (
        <IndexTable.Row id={item.id} key={item.id} position={index}>
          <IndexTable.Cell>
            <BlockStack gap="050">
              <InlineStack gap="200" blockAlign="center" wrap={false}>
                <Link url={`/app/inventory/${item.id}`} removeUnderline>
                  <Text as="span" fontWeight="semibold">
                    {item.sku}
                  </Text>
                </Link>
                {item.low ? <LowStockBadge /> : null}
              </InlineStack>
              <Text as="span" tone="subdued" variant="bodySm">
                {item.title}
              </Text>
            </BlockStack>
          </IndexTable.Cell>
          {item.perLocation.map((level) => (
            <IndexTable.Cell key={level.locationId}>
              <BlockStack gap="050">
                <Text as="span" numeric>
                  {level.onHand} / {level.committed}
                </Text>
                <Text as="span" tone="subdued" variant="bodySm">
                  {level.available} available
                </Text>
              </BlockStack>
            </IndexTable.Cell>
          ))}
          <IndexTable.Cell>
            <Text as="span" alignment="end" numeric fontWeight="semibold">
              {item.available}
            </Text>
          </IndexTable.Cell>
          {item.perChannel.map((listing) => (
            <IndexTable.Cell key={listing.channelId}>
              {listing.listed && listing.syncState ? (
                <InlineStack gap="200" blockAlign="center" wrap={false}>
                  <Text as="span" numeric>
                    {orDash(listing.sellable)} / {orDash(listing.lastPushed)}
                  </Text>
                  <SyncStateBadge state={listing.syncState} />
                </InlineStack>
              ) : (
                <Text as="span" tone="subdued">
                  Not listed
                </Text>
              )}
            </IndexTable.Cell>
          ))}
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
