import { Badge } from "@shopify/polaris";

const TONES: Record<string, "info" | "success" | "attention" | undefined> = {
  shopify: "success",
  woocommerce: "info",
};

export function ChannelBadge(props: { kind: string; name: string }) {
  return <Badge tone={TONES[props.kind]}>{props.name}</Badge>;
}
