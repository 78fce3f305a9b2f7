import { Badge, BlockStack, DataTable, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import type { ChannelSyncView } from "../services/channels/sync-status-view.server";
import { ChannelDeadLetters } from "./channel-dead-letters";
import { formatDateTime } from "./format";

// A channel's sync at a glance: one health word with its reason, the figures behind it, the listings being retried,
// the dead-letter list and the latest drift.

const HEALTH = {
  healthy: { tone: "success", label: "Healthy" },
  degraded: { tone: "warning", label: "Degraded" },
  failing: { tone: "critical", label: "Failing" },
} as const;

export function formatLag(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 2 * 60 * 60) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h`;
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="span" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="span" fontWeight="semibold">
        {value}
      </Text>
    </BlockStack>
  );
}

function Retrying({ view }: { view: ChannelSyncView }) {
  if (view.retrying.length === 0) return null;
  return (
    <BlockStack gap="100">
      <Text as="h4" variant="headingXs">
        Retrying
      </Text>
      {view.retrying.map((row) => (
        <Text as="p" key={row.listingId}>
          <Text as="span" fontWeight="semibold">
            {row.sku}
          </Text>
          {`: ${row.error} (attempt ${row.attempts}${row.nextPushAt ? `, next ${formatDateTime(row.nextPushAt)}` : ""})`}
        </Text>
      ))}
    </BlockStack>
  );
}

function DriftTable({ view }: { view: ChannelSyncView }) {
  if (view.driftRows.length === 0) return null;
  return (
    <BlockStack gap="100">
      <Text as="h4" variant="headingXs">
        Latest drift
      </Text>
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "text", "text", "text"]}
        headings={["SKU", "Ledger expected", "Channel showed", "Cause", "Action", "When"]}
        rows={view.driftRows.map((row) => [
          row.sku,
          row.expectedQty ?? "—",
          row.channelQty,
          row.detail ? `${row.cause}: ${row.detail}` : row.cause,
          row.action,
          formatDateTime(row.at),
        ])}
      />
    </BlockStack>
  );
}

export function ChannelSyncStatus(props: { channelId: string; connected: boolean; view: ChannelSyncView }) {
  const { view } = props;
  const health = HEALTH[view.health];
  return (
    <BlockStack gap="300">
      <InlineStack gap="200" blockAlign="center">
        <Text as="h3" variant="headingSm">
          Stock sync
        </Text>
        <Badge tone={health.tone}>{health.label}</Badge>
        <Text as="span" tone="subdued">
          {view.reason}
        </Text>
      </InlineStack>
      <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
        <Figure label="Last push" value={view.lastPushAt ? formatDateTime(view.lastPushAt) : "never"} />
        <Figure label="In step" value={`${view.inStep} of ${view.total}`} />
        <Figure label="Waiting to push" value={String(view.queueDepth)} />
        <Figure label="Oldest waiting" value={view.lagSeconds > 0 ? formatLag(view.lagSeconds) : "—"} />
        <Figure label="Failed, retrying" value={String(view.failed)} />
        <Figure label="Dead" value={String(view.dead)} />
        <Figure label="Drift, last 24 h" value={String(view.drift24h)} />
        <Figure
          label="Last reconciliation"
          value={
            view.lastReconcile ? `${formatDateTime(view.lastReconcile.at)} · ${view.lastReconcile.summary}` : "never"
          }
        />
      </InlineGrid>
      <Retrying view={view} />
      <ChannelDeadLetters
        channelId={props.channelId}
        connected={props.connected}
        dead={view.dead}
        rows={view.deadLetters}
      />
      <DriftTable view={view} />
    </BlockStack>
  );
}
