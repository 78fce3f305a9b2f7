import type { WebhookParser } from "../../../connectors/contract";
import { shopifyParser } from "../../../connectors/shopify/parser";
import { wooParser } from "../../../connectors/woocommerce/parser";

/** The connector that reads each channel kind's payloads. A new connector adds its parser here. */
export const CHANNEL_PARSERS: Readonly<Record<string, WebhookParser>> = {
  [shopifyParser.kind]: shopifyParser,
  [wooParser.kind]: wooParser,
};
