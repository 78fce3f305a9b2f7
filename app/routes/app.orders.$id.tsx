import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useCallback, useState } from "react";
import { requireShopContext } from "../auth/shop-context.server";
import { ChannelBadge } from "../components/channel-badge";
import { formatDateTime, formatMoney } from "../components/format";
import { CancelOrderModal } from "../components/orders/cancel-order-modal";
import { FulfilModal } from "../components/orders/fulfil-modal";
import { handleOrderAction } from "../components/orders/order-actions.server";
import { FulfilmentStatusBadge, OrderStatusBadge } from "../components/orders/order-badges";
import { ORDER_FETCHERS } from "../components/orders/order-forms";
import { FulfilmentsCard, ReturnsCard, TimelineCard } from "../components/orders/order-history";
import { OrderLinesCard } from "../components/orders/order-lines-card";
import { ReturnModal } from "../components/orders/return-modal";
import { RouteError } from "../components/route-error";
import { useActionToast } from "../components/toast";
import { getDb } from "../db.server";
import { loadOrderDetail } from "../services/read/order-detail.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.order.name ?? "Order"} · ChannelLedger` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const detail = await loadOrderDetail(getDb(), shop.id, params.id ?? "");
  if (!detail) throw new Response("There is no such order in this shop.", { status: 404 });
  return detail;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const context = await requireShopContext(request);
  return handleOrderAction(getDb(), request, context, params.id ?? "");
}

type OpenForm = "fulfil" | "cancel" | "return" | null;

export default function OrderPage() {
  const { order, lines, locations, fulfillments, returns, timeline, can } = useLoaderData<typeof loader>();
  const [openForm, setOpenForm] = useState<OpenForm>(null);
  const close = useCallback(() => setOpenForm(null), []);
  const fulfil = useFetcher({ key: ORDER_FETCHERS.fulfil });
  const cancel = useFetcher({ key: ORDER_FETCHERS.cancel });
  const startReturn = useFetcher({ key: ORDER_FETCHERS.return });
  useActionToast(fulfil.data);
  useActionToast(cancel.data);
  useActionToast(startReturn.data);

  return (
    <Page
      backAction={{ content: "Orders", url: "/app/orders" }}
      title={order.name}
      titleMetadata={
        <InlineStack gap="100">
          <ChannelBadge kind={order.channel.kind} name={order.channel.name} />
          <OrderStatusBadge status={order.status} />
          <FulfilmentStatusBadge status={order.fulfillmentStatus} />
        </InlineStack>
      }
      subtitle={`Placed ${formatDateTime(order.placedAt)} on ${order.channel.name}`}
      primaryAction={{
        content: "Fulfil items",
        disabled: !can.fulfil,
        loading: fulfil.state !== "idle",
        onAction: () => setOpenForm("fulfil"),
      }}
      secondaryActions={[
        { content: "Start return", disabled: !can.startReturn, onAction: () => setOpenForm("return") },
        { content: "Cancel order", destructive: true, disabled: !can.cancel, onAction: () => setOpenForm("cancel") },
      ]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <OrderLinesCard lines={lines} currency={order.currency} />
            <FulfilmentsCard fulfillments={fulfillments} />
            <ReturnsCard returns={returns} />
            <TimelineCard events={timeline} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Customer
                </Text>
                <Text as="p">{order.customerName ?? "No name given"}</Text>
                {order.customerEmail ? <Text as="p">{order.customerEmail}</Text> : null}
                {order.shippingAddress.length > 0 ? (
                  <Text as="p" tone="subdued">
                    {order.shippingAddress.map((part) => (
                      <span key={part} style={{ display: "block" }}>
                        {part}
                      </span>
                    ))}
                  </Text>
                ) : null}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Summary
                </Text>
                <InlineStack align="space-between">
                  <Text as="span">Total</Text>
                  <Text as="span" fontWeight="semibold" numeric>
                    {formatMoney(order.totalMinor, order.currency)}
                  </Text>
                </InlineStack>
                <InlineStack align="space-between">
                  <Text as="span">Units</Text>
                  <Text as="span" numeric>
                    {order.units}
                  </Text>
                </InlineStack>
                <InlineStack align="space-between">
                  <Text as="span">Payment</Text>
                  <Text as="span">{order.financialStatus?.replace(/_/g, " ") ?? "unknown"}</Text>
                </InlineStack>
                <InlineStack align="space-between">
                  <Text as="span">Channel order</Text>
                  <Text as="span">{order.externalId}</Text>
                </InlineStack>
                {order.cancelledAt ? (
                  <Text as="p" tone="critical">
                    Cancelled {formatDateTime(order.cancelledAt)}
                  </Text>
                ) : null}
                {order.needsMapping ? <Badge tone="warning">Some lines need mapping to an item</Badge> : null}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <FulfilModal open={openForm === "fulfil"} onClose={close} lines={lines} locations={locations} />
      <ReturnModal open={openForm === "return"} onClose={close} lines={lines} />
      <CancelOrderModal
        open={openForm === "cancel"}
        onClose={close}
        orderName={order.name}
        channel={order.channel.name}
      />
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Order" />;
}
