import { Badge, BlockStack, Box, Card, Divider, InlineStack, Text } from "@shopify/polaris";

export type ReturnLineView = {
  id: string;
  sku: string | null;
  title: string;
  quantity: number;
  reason: string | null;
  condition: string | null;
  disposition: string | null;
  receivedQty: number;
  locationName: string | null;
};

function DispositionBadge(props: { disposition: string | null }) {
  if (props.disposition === "restock") return <Badge tone="success">Restocked</Badge>;
  if (props.disposition === "dispose") return <Badge tone="warning">Disposed of</Badge>;
  return <Badge>Expected</Badge>;
}

/**
 * What the customer sends back, line by line, and what became of each unit received. A list rather than a table:
 * seven columns do not fit beside the sidebar without scrolling sideways.
 */
export function ReturnLinesCard(props: { lines: ReturnLineView[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Lines
        </Text>
        <BlockStack as="ul" gap="300">
          {props.lines.map((line, index) => (
            <li key={line.id} style={{ listStyle: "none" }}>
              <BlockStack gap="300">
                {index > 0 ? <Divider /> : null}
                <InlineStack align="space-between" blockAlign="start" gap="300" wrap={false}>
                  <BlockStack gap="100">
                    <Text as="span" fontWeight="semibold">
                      {line.title}
                    </Text>
                    <Text as="span" tone="subdued">
                      SKU {line.sku ?? "—"}
                      {line.locationName ? ` · ${line.locationName}` : ""}
                    </Text>
                    <Text as="span">
                      Reason: {line.reason ?? "—"} · Condition: {line.condition ?? "—"}
                    </Text>
                  </BlockStack>
                  <Box minWidth="140px">
                    <BlockStack gap="100" inlineAlign="end">
                      <DispositionBadge disposition={line.disposition} />
                      <Text as="span" numeric>
                        Quantity {line.quantity} · received {line.receivedQty}
                      </Text>
                    </BlockStack>
                  </Box>
                </InlineStack>
              </BlockStack>
            </li>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
