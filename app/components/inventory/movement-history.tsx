import { BlockStack, Box, Card, DataTable, EmptyState, InlineStack, Link, Pagination, Text } from "@shopify/polaris";
import { formatDateTime } from "../format";
import { movementKindWords, movementSourceWords, signed } from "./movement-words";

export type MovementRow = {
  id: string;
  kind: string;
  onHandDelta: number;
  committedDelta: number;
  onHandAfter: number;
  locationName: string;
  reason: string | null;
  source: string;
  channelName: string | null;
  order: { id: string; name: string | null } | null;
  createdAt: string | Date;
};

function Why({ movement }: { movement: MovementRow }) {
  const source = movementSourceWords(movement.source, movement.channelName);
  return (
    <BlockStack gap="050">
      {movement.order?.name ? (
        <Text as="span">
          Order <Link url={`/app/orders/${movement.order.id}`}>{movement.order.name}</Link> · {source}
        </Text>
      ) : (
        <Text as="span">{source}</Text>
      )}
      {movement.reason ? (
        <Text as="span" tone="subdued" breakWord>
          {movement.reason}
        </Text>
      ) : null}
    </BlockStack>
  );
}

/** Every movement of the item, newest first, with the on hand it left at its location: why a figure is what it is. */
export function MovementHistory(props: {
  movements: MovementRow[];
  hasNext: boolean;
  hasPrevious: boolean;
  onNext: () => void;
  onPrevious: () => void;
}) {
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Movement history
          </Text>
          <Text as="p" tone="subdued">
            Newest first. “On hand after” is the balance at that location once the movement was recorded.
          </Text>
        </BlockStack>
      </Box>
      {props.movements.length === 0 ? (
        <EmptyState heading="No movements yet" image="">
          <p>Receipts, orders, adjustments and counts of this item will appear here.</p>
        </EmptyState>
      ) : (
        <DataTable
          columnContentTypes={["text", "text", "text", "numeric", "numeric", "numeric", "text"]}
          headings={["Date", "Movement", "Location", "On hand", "Committed", "On hand after", "Why"]}
          rows={props.movements.map((movement) => [
            formatDateTime(movement.createdAt),
            movementKindWords(movement.kind),
            movement.locationName,
            signed(movement.onHandDelta),
            signed(movement.committedDelta),
            movement.onHandAfter,
            <Why key="why" movement={movement} />,
          ])}
          verticalAlign="top"
        />
      )}
      {props.hasNext || props.hasPrevious ? (
        <Box padding="300">
          <InlineStack align="center">
            <Pagination
              hasNext={props.hasNext}
              hasPrevious={props.hasPrevious}
              onNext={props.onNext}
              onPrevious={props.onPrevious}
              nextTooltip="Older movements"
              previousTooltip="Newer movements"
            />
          </InlineStack>
        </Box>
      ) : null}
    </Card>
  );
}
