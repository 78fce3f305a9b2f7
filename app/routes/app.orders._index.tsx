import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import {
  Badge,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Link,
  Page,
  Text,
  useIndexResourceState,
} from "@shopify/polaris";
import { useEffect } from "react";
import { requireShopContext } from "../auth/shop-context.server";
import { ChannelBadge } from "../components/channel-badge";
import { formatDateTime, formatMoney } from "../components/format";
import { FulfilmentStatusBadge, OrderStatusBadge } from "../components/orders/order-badges";
import { OrderFilters, useOrderListParams } from "../components/orders/order-filters";
import { RouteError } from "../components/route-error";
import { getDb } from "../db.server";
import { listOrderChannels, listOrders, OrderListQuerySchema } from "../services/read/orders.server";

export const meta: MetaFunction = () => [{ title: "Orders · ChannelLedger" }];

const FILTER_KEYS = ["q", "status", "fulfillment", "channelId", "placedFrom", "placedTo"];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = OrderListQuerySchema.safeParse(params);
  if (!query.success) {
    const reasons = query.error.issues.map((issue) => issue.message).join("; ");
    throw new Response(`These filters cannot be used: ${reasons}`, { status: 400 });
  }
  const [page, channels] = await Promise.all([
    listOrders(getDb(), shop.id, query.data),
    listOrderChannels(getDb(), shop.id),
  ]);
  return { ...page, channels };
}

export default function Orders() {
  const { orders, nextCursor, previousCursor, channels } = useLoaderData<typeof loader>();
  const { searchParams, apply, page } = useOrderListParams();
  const navigate = useNavigate();
  const navigation = useNavigation();
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } =
    useIndexResourceState(orders);
  const filtered = FILTER_KEYS.some((key) => searchParams.get(key));
  const paged = searchParams.has("cursor") || searchParams.has("before");

  // A new page or filter is a new set of rows: a selection of rows no longer shown would print the wrong orders.
  const rowKey = orders.map((order) => order.id).join(",");
  useEffect(() => clearSelection(), [rowKey, clearSelection]);

  const openPickList = () => navigate(`/app/orders/pick-list?ids=${selectedResources.join(",")}`);

  if (orders.length === 0 && !filtered && !paged) {
    return (
      <Page title="Orders">
        <Card>
          <EmptyState heading="No orders yet" image="">
            <p>Orders from every connected channel appear here as they arrive.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page title="Orders" subtitle="Every channel's orders, newest first">
      <Card padding="0">
        <OrderFilters channels={channels} />
        <IndexTable
          resourceName={{ singular: "order", plural: "orders" }}
          itemCount={orders.length}
          selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
          onSelectionChange={handleSelectionChange}
          loading={navigation.state === "loading" && navigation.location.pathname === "/app/orders"}
          promotedBulkActions={[{ content: "Pick list", onAction: openPickList }]}
          emptyState={
            <EmptyState
              heading="No orders match"
              image=""
              action={{
                content: "Clear filters",
                onAction: () => apply(Object.fromEntries(FILTER_KEYS.map((key) => [key, undefined]))),
              }}
            >
              <p>Try another search or fewer filters.</p>
            </EmptyState>
          }
          headings={[
            { title: "Order" },
            { title: "Channel" },
            { title: "Placed" },
            { title: "Customer" },
            { title: "Status" },
            { title: "Fulfilment" },
            { title: "Units", alignment: "end" },
            { title: "Total", alignment: "end" },
          ]}
          pagination={{
            hasNext: nextCursor !== null,
            hasPrevious: previousCursor !== null,
            onNext: () => nextCursor && page("cursor", nextCursor),
            onPrevious: () => previousCursor && page("before", previousCursor),
          }}
        >
          {orders.map((order, index) => (
            <IndexTable.Row
              id={order.id}
              key={order.id}
              position={index}
              selected={selectedResources.includes(order.id)}
            >
              <IndexTable.Cell>
                <Link url={`/app/orders/${order.id}`} monochrome removeUnderline dataPrimaryLink>
                  <Text as="span" fontWeight="semibold">
                    {order.name}
                  </Text>
                </Link>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <ChannelBadge kind={order.channel.kind} name={order.channel.name} />
              </IndexTable.Cell>
              <IndexTable.Cell>{formatDateTime(order.placedAt)}</IndexTable.Cell>
              <IndexTable.Cell>{order.customerName ?? "—"}</IndexTable.Cell>
              <IndexTable.Cell>
                <InlineStack gap="100" wrap={false}>
                  <OrderStatusBadge status={order.status} />
                  {order.needsMapping ? <Badge tone="warning">needs mapping</Badge> : null}
                </InlineStack>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <FulfilmentStatusBadge status={order.fulfillmentStatus} />
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {order.units}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" alignment="end" numeric>
                  {formatMoney(order.totalMinor, order.currency)}
                </Text>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Orders" />;
}
