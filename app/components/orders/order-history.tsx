import { Badge, BlockStack, Box, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { EventListCard } from "../event-list-card";
import { formatDateTime } from "../format";
import { ChannelSyncBadge } from "./order-badges";

type LineRef = { sku: string | null; title: string; quantity: number };
type Fulfilment = {
  id: string;
  status: string;
  location: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  channelSyncState: string;
  source: string;
  createdAt: string | Date;
  lines: LineRef[];
};
type OrderReturn = {
  id: string;
  status: string;
  note: string | null;
  channelSyncState: string;
  createdAt: string | Date;
  lines: (LineRef & { received: number; reason: string | null })[];
};
type TimelineEvent = { id: string; kind: string; message: string; source: string; createdAt: string | Date };

const lineSummary = (lines: LineRef[]) =>
  lines.map((line) => `${line.quantity} × ${line.sku ?? line.title}`).join(", ");

export function FulfilmentsCard(props: { fulfillments: Fulfilment[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Fulfilments
        </Text>
        {props.fulfillments.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing shipped yet.
          </Text>
        ) : (
          props.fulfillments.map((fulfilment) => (
            <Box key={fulfilment.id} borderColor="border" borderBlockStartWidth="025" paddingBlockStart="300">
              <BlockStack gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h3" variant="headingSm">
                    {lineSummary(fulfilment.lines)}
                  </Text>
                  {fulfilment.status === "cancelled" ? <Badge tone="critical">cancelled</Badge> : null}
                  {fulfilment.source === "merchant" ? <ChannelSyncBadge state={fulfilment.channelSyncState} /> : null}
                </InlineStack>
                <Text as="p" tone="subdued">
                  {formatDateTime(fulfilment.createdAt)} · from {fulfilment.location ?? "an unknown location"}
                  {fulfilment.source === "merchant" ? "" : " · reported by the channel"}
                </Text>
                <Text as="p">
                  {fulfilment.carrier ?? "No carrier"} ·{" "}
                  {fulfilment.trackingUrl ? (
                    <Link url={fulfilment.trackingUrl} target="_blank">
                      {fulfilment.trackingNumber ?? "Track parcel"}
                    </Link>
                  ) : (
                    (fulfilment.trackingNumber ?? "no tracking number")
                  )}
                </Text>
              </BlockStack>
            </Box>
          ))
        )}
      </BlockStack>
    </Card>
  );
}

export function ReturnsCard(props: { returns: OrderReturn[] }) {
  if (props.returns.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Returns
        </Text>
        {props.returns.map((ret) => (
          <Box key={ret.id} borderColor="border" borderBlockStartWidth="025" paddingBlockStart="300">
            <BlockStack gap="100">
              <InlineStack gap="200" blockAlign="center">
                <Link url={`/app/returns/${ret.id}`}>Return of {lineSummary(ret.lines)}</Link>
                <Badge>{ret.status.replace(/_/g, " ")}</Badge>
                <ChannelSyncBadge state={ret.channelSyncState} />
              </InlineStack>
              <Text as="p" tone="subdued">
                Opened {formatDateTime(ret.createdAt)}
                {ret.lines.some((line) => line.received > 0)
                  ? ` · ${ret.lines.reduce((sum, line) => sum + line.received, 0)} unit(s) received`
                  : ""}
              </Text>
              {ret.lines
                .filter((line) => line.reason)
                .map((line) => (
                  <Text as="p" key={`${line.sku ?? line.title}-reason`}>
                    {line.sku ?? line.title}: {line.reason}
                  </Text>
                ))}
              {ret.note ? <Text as="p">Note: {ret.note}</Text> : null}
            </BlockStack>
          </Box>
        ))}
      </BlockStack>
    </Card>
  );
}

export function TimelineCard(props: { events: TimelineEvent[] }) {
  return <EventListCard title="Timeline" empty="No events yet." events={props.events} />;
}
