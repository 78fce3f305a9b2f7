import { Badge } from "@shopify/polaris";
import { STATUS_TONES, statusLabel } from "./status";

export function ReturnStatusBadge(props: { status: string }) {
  return <Badge tone={STATUS_TONES[props.status]}>{statusLabel(props.status)}</Badge>;
}
