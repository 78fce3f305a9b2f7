import { Badge } from "@shopify/polaris";

type Tone = "success" | "info" | "attention" | "warning" | "critical";

// Words and tones for ChannelListing.syncState: what the merchant needs to know about the channel's figure.
const STATES: Record<string, { label: string; tone: Tone }> = {
  ok: { label: "In sync", tone: "success" },
  queued: { label: "Queued", tone: "info" },
  pending: { label: "Pending", tone: "attention" },
  failed: { label: "Failed, retrying", tone: "warning" },
  dead: { label: "Dead letter", tone: "critical" },
};

export function SyncStateBadge(props: { state: string }) {
  const known = STATES[props.state];
  return <Badge tone={known?.tone}>{known?.label ?? props.state}</Badge>;
}

export function LowStockBadge() {
  return <Badge tone="warning">Low stock</Badge>;
}
