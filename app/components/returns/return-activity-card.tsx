import { BlockStack, Card, Text } from "@shopify/polaris";
import { formatDateTime } from "../format";

export type ActivityView = { id: string; message: string; source: string; createdAt: Date | string };

/** What happened to the return, as the order's timeline recorded it. */
export function ReturnActivityCard(props: { activity: ActivityView[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Activity
        </Text>
        {props.activity.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing recorded yet.
          </Text>
        ) : (
          <BlockStack as="ul" gap="200">
            {[...props.activity].reverse().map((event) => (
              <li key={event.id} style={{ listStyle: "none" }}>
                <Text as="p">{event.message}</Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  {formatDateTime(event.createdAt)} · {event.source}
                </Text>
              </li>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
