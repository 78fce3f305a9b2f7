import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { requireShopContext } from "../auth/shop-context.server";
import { ChannelBadge } from "../components/channel-badge";
import { formatDateTime, formatMoney } from "../components/format";
import { getDb } from "../db.server";
import { listOrders, OrderListQuerySchema } from "../services/read/orders.server";

export const meta: MetaFunction = () => [{ title: "Orders · ChannelLedger" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = OrderListQuerySchema.safeParse(params);
  if (!query.success) throw new Response("Invalid filter", { status: 400 });
  return listOrders(getDb(), shop.id, query.data);
}

export default function Orders() {
  const { orders, nextCursor } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const hasPrevious = searchParams.has("cursor");
  return (
    <Page title="Orders">
      <Card padding="0">
        {orders.length === 0 && !hasPrevious ? (
          <EmptyState heading="No orders yet" image="">
            <p>Orders from every connected channel appear here as they arrive.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "order", plural: "orders" }}
            itemCount={orders.length}
            selectable={false}
            headings={[
              { title: "Order" },
              { title: "Channel" },
              { title: "Placed" },
              { title: "Customer" },
              { title: "Status" },
              { title: "Fulfilment" },
              { title: "Total", alignment: "end" },
            ]}
            pagination={{
              hasNext: nextCursor !== null,
              hasPrevious,
              onNext: () => navigate(`?cursor=${encodeURIComponent(nextCursor ?? "")}`),
              onPrevious: () => navigate(-1),
            }}
          >
            {orders.map((order, index) => (
              <IndexTable.Row id={order.id} key={order.id} position={index}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {order.name}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <ChannelBadge kind={order.channel.kind} name={order.channel.name} />
                </IndexTable.Cell>
                <IndexTable.Cell>{formatDateTime(order.placedAt)}</IndexTable.Cell>
                <IndexTable.Cell>{order.customerName ?? "—"}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={order.status === "cancelled" ? "critical" : undefined}>{order.status}</Badge>
                  {order.needsMapping ? <Badge tone="warning">needs mapping</Badge> : null}
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={order.fulfillmentStatus === "fulfilled" ? "success" : "attention"}>
                    {order.fulfillmentStatus}
                  </Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {formatMoney(order.totalMinor, order.currency)}
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
