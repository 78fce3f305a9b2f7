import { Badge, BlockStack, Box, Card, InlineStack, Text } from "@shopify/polaris";
import { formatMoney } from "../format";

type Stock = { onHand: number; committed: number; available: number } | null;
type Line = {
  id: string;
  sku: string | null;
  title: string;
  quantity: number;
  priceMinor: number;
  linked: boolean;
  location: { id: string; name: string } | null;
  reserved: number;
  short: number;
  fulfilled: number;
  removed: number;
  returned: number;
  stock: Stock;
};

function Figure(props: { label: string; value: number; critical?: boolean }) {
  return (
    <BlockStack gap="025" inlineAlign="end">
      <Text as="span" variant="bodySm" tone="subdued">
        {props.label}
      </Text>
      <Text as="span" numeric fontWeight="semibold" tone={props.critical ? "critical" : undefined}>
        {props.value}
      </Text>
    </BlockStack>
  );
}

/**
 * Each line's units as the ledger holds them, next to what its location has. A list rather than a table: eight
 * figures per line would make the table scroll sideways in the page's main column.
 */
export function OrderLinesCard(props: { lines: Line[]; currency: string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Lines
        </Text>
        <BlockStack as="ul">
          {props.lines.map((line) => (
            <Box as="li" key={line.id} paddingBlock="300" borderColor="border" borderBlockStartWidth="025">
              <BlockStack gap="200">
                <InlineStack align="space-between" blockAlign="start" gap="400">
                  <BlockStack gap="050">
                    <Text as="h3" fontWeight="semibold">
                      {line.title}
                    </Text>
                    <Text as="p" tone="subdued">
                      {line.sku ?? "no SKU"} · {formatMoney(line.priceMinor, props.currency)} ·{" "}
                      {line.location?.name ?? "no location"}
                    </Text>
                    {line.linked ? null : (
                      <InlineStack>
                        <Badge tone="warning">needs mapping</Badge>
                      </InlineStack>
                    )}
                  </BlockStack>
                  <InlineStack gap="400" wrap={false}>
                    <Figure label="Ordered" value={line.quantity - line.removed} />
                    <Figure label="Reserved" value={line.reserved} />
                    <Figure label="Short" value={line.short} critical={line.short > 0} />
                    <Figure label="Fulfilled" value={line.fulfilled} />
                    <Figure label="Returned" value={line.returned} />
                  </InlineStack>
                </InlineStack>
                {line.stock && line.location ? (
                  <Text as="p" variant="bodySm" tone="subdued">
                    At {line.location.name}: {line.stock.onHand} on hand · {line.stock.committed} committed ·{" "}
                    {line.stock.available} available
                  </Text>
                ) : null}
              </BlockStack>
            </Box>
          ))}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
