import { BlockStack, Box, Card, Text } from "@shopify/polaris";
import { formatDateTime } from "./format";

export type ListedEvent = { id: string; message: string; source: string; createdAt: string | Date };

/** A card of recorded events, newest first: what happened, when, and where it came from. */
export function EventListCard(props: { title: string; empty: string; events: ListedEvent[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {props.title}
        </Text>
        {props.events.length === 0 ? (
          <Text as="p" tone="subdued">
            {props.empty}
          </Text>
        ) : (
          <BlockStack gap="200" as="ul">
            {props.events.map((event) => (
              <Box as="li" key={event.id}>
                <Text as="p">{event.message}</Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  {formatDateTime(event.createdAt)} · {event.source}
                </Text>
              </Box>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
