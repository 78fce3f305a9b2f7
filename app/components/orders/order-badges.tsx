import { Badge } from "@shopify/polaris";

type Tone = "success" | "attention" | "warning" | "critical" | "info" | undefined;

const ORDER_TONES: Record<string, Tone> = { open: "info", cancelled: "critical", closed: undefined };
const FULFILMENT_TONES: Record<string, Tone> = { unfulfilled: "attention", partial: "warning", fulfilled: "success" };
const SYNC_TONES: Record<string, Tone> = {
  synced: "success",
  pending: "attention",
  failed: "critical",
  not_applicable: undefined,
};
const SYNC_LABELS: Record<string, string> = {
  synced: "Sent to channel",
  pending: "Sending to channel",
  failed: "Channel refused",
  not_applicable: "Not sent (channel not connected)",
};

const words = (value: string) => value.replace(/_/g, " ");

export function OrderStatusBadge(props: { status: string }) {
  return <Badge tone={ORDER_TONES[props.status]}>{words(props.status)}</Badge>;
}

export function FulfilmentStatusBadge(props: { status: string }) {
  return <Badge tone={FULFILMENT_TONES[props.status]}>{words(props.status)}</Badge>;
}

/** Whether the channel has been told of a fulfilment or return we made. */
export function ChannelSyncBadge(props: { state: string }) {
  return <Badge tone={SYNC_TONES[props.state]}>{SYNC_LABELS[props.state] ?? words(props.state)}</Badge>;
}
