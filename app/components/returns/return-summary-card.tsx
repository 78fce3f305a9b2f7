import { Badge, BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { ChannelBadge } from "../channel-badge";
import { formatMoney } from "../format";
import { channelStateText } from "./status";

export type ReturnSummary = {
  order: { id: string; name: string; customerName: string | null; channel: { kind: string; name: string } };
  refundMinor: number | null;
  currency: string;
  channelSyncState: string;
};

/** The order the return belongs to, the money refunded, and whether the channel has the return. */
export function ReturnSummaryCard(props: { summary: ReturnSummary }) {
  const { order, refundMinor, currency, channelSyncState } = props.summary;
  const channelState = channelStateText(channelSyncState, order.channel.name);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Summary
        </Text>
        <InlineStack gap="200" blockAlign="center">
          <Text as="span">Order</Text>
          <Link url={`/app/orders/${order.id}`}>{order.name}</Link>
          <ChannelBadge kind={order.channel.kind} name={order.channel.name} />
        </InlineStack>
        {order.customerName ? <Text as="p">Customer: {order.customerName}</Text> : null}
        <Text as="p">
          Refund:{" "}
          <Text as="span" fontWeight="semibold">
            {refundMinor === null ? "none recorded" : formatMoney(refundMinor, currency)}
          </Text>
        </Text>
        <BlockStack gap="100">
          <Text as="span">Channel</Text>
          <div>
            <Badge tone={channelState.tone}>{channelState.text}</Badge>
          </div>
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
