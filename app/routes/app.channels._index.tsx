import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { requireShopContext } from "../auth/shop-context.server";
import { ChannelBadge } from "../components/channel-badge";
import { formatDateTime } from "../components/format";
import { getDb } from "../db.server";

export const meta: MetaFunction = () => [{ title: "Channels · ChannelLedger" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const channels = await getDb().channel.findMany({
    where: { shopId: shop.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      kind: true,
      name: true,
      externalRef: true,
      status: true,
      lastSyncAt: true,
      _count: { select: { listings: true, orders: true } },
    },
  });
  return { channels };
}

export default function Channels() {
  const { channels } = useLoaderData<typeof loader>();
  return (
    <Page title="Channels">
      <Card padding="0">
        {channels.length === 0 ? (
          <EmptyState heading="No channels connected" image="">
            <p>Install the app in Shopify or connect a WooCommerce store.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "channel", plural: "channels" }}
            itemCount={channels.length}
            selectable={false}
            headings={[
              { title: "Channel" },
              { title: "Store" },
              { title: "Status" },
              { title: "Listings", alignment: "end" },
              { title: "Orders", alignment: "end" },
              { title: "Last sync" },
            ]}
          >
            {channels.map((channel, index) => (
              <IndexTable.Row id={channel.id} key={channel.id} position={index}>
                <IndexTable.Cell>
                  <ChannelBadge kind={channel.kind} name={channel.name} />
                </IndexTable.Cell>
                <IndexTable.Cell>{channel.externalRef}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={channel.status === "connected" ? "success" : "critical"}>{channel.status}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {channel._count.listings}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {channel._count.orders}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{channel.lastSyncAt ? formatDateTime(channel.lastSyncAt) : "never"}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
