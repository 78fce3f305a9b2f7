import { Badge, BlockStack, Button, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { ChannelFigures, ChannelHealth } from "../../services/read/dashboard.server";
import { formatDateTime, formatMoney } from "../format";

const HEALTH = {
  healthy: { tone: "success", label: "Healthy" },
  degraded: { tone: "warning", label: "Degraded" },
  failing: { tone: "critical", label: "Failing" },
} as const;

export function Figure(props: { label: string; value: string | number; help?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {props.label}
        </Text>
        <Text as="p" variant="heading2xl">
          {props.value}
        </Text>
        {props.help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {props.help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

export function ChannelFiguresTable(props: { rows: ChannelFigures[]; currency: string; periodLabel: string }) {
  const { rows, currency } = props;
  const sum = (pick: (row: ChannelFigures) => number) => rows.reduce((total, row) => total + pick(row), 0);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Orders by channel · {props.periodLabel}
        </Text>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric"]}
          headings={["Channel", "Orders", "Units", "Revenue"]}
          rows={rows.map((row) => [row.channelName, row.orders, row.units, formatMoney(row.revenueMinor, currency)])}
          totals={[
            "",
            sum((row) => row.orders),
            sum((row) => row.units),
            formatMoney(
              sum((row) => row.revenueMinor),
              currency,
            ),
          ]}
          showTotalsInFooter
        />
      </BlockStack>
    </Card>
  );
}

export function SyncHealthCard(props: { rows: ChannelHealth[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Stock sync
        </Text>
        {props.rows.map((row) => (
          <InlineStack key={row.channelId} align="space-between" blockAlign="center" gap="200" wrap={false}>
            <BlockStack gap="050">
              <InlineStack gap="200" blockAlign="center">
                <Text as="h3" variant="headingSm">
                  {row.name}
                </Text>
                <Badge tone={HEALTH[row.level].tone}>{HEALTH[row.level].label}</Badge>
              </InlineStack>
              <Text as="p" tone="subdued" variant="bodySm">
                {row.reason} · {row.queueDepth} waiting · last push{" "}
                {row.lastPushAt ? formatDateTime(row.lastPushAt) : "never"}
              </Text>
            </BlockStack>
            <Button url={`/app/channels/${row.channelId}`} accessibilityLabel={`Settings of ${row.name}`}>
              Settings
            </Button>
          </InlineStack>
        ))}
      </BlockStack>
    </Card>
  );
}
