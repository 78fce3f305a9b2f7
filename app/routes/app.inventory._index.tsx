import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { requireShopContext } from "../auth/shop-context.server";
import { getDb } from "../db.server";
import { listInventory } from "../services/read/inventory.server";

export const meta: MetaFunction = () => [{ title: "Inventory · ChannelLedger" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  return listInventory(getDb(), shop.id);
}

export default function Inventory() {
  const { locations, items } = useLoaderData<typeof loader>();
  return (
    <Page title="Inventory" subtitle="Available = on hand − committed, per location">
      <Card padding="0">
        {items.length === 0 ? (
          <EmptyState heading="No inventory items yet" image="">
            <p>Items appear when a channel's catalog is imported.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "item", plural: "items" }}
            itemCount={items.length}
            selectable={false}
            headings={[
              { title: "SKU" },
              { title: "Item" },
              ...locations.map((location) => ({ title: `${location.name} (on hand / committed)` })),
              { title: "Available", alignment: "end" as const },
            ]}
          >
            {items.map((item, index) => (
              <IndexTable.Row id={item.id} key={item.id} position={index}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {item.sku}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{item.title}</IndexTable.Cell>
                {item.perLocation.map((level) => (
                  <IndexTable.Cell key={level.locationId}>
                    {level.onHand} / {level.committed}
                  </IndexTable.Cell>
                ))}
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {item.available} {item.low ? <Badge tone="warning">low</Badge> : null}
                  </Text>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
