import { registerShopifyLevelReader } from "../shopify/level-reader.server";
import { registerWooLevelReader } from "../woocommerce/level-reader.server";
import { levelReaderFor } from "./level-readers";

/**
 * The readers of every channel kind, where none is registered yet: for processes that do not register the job
 * handlers (the CLI), and which leave readers a test registered alone. `wooKey` opens WooCommerce keys without the
 * app's full configuration.
 */
export function ensureLevelReaders(options: { wooKey?: Buffer } = {}) {
  if (!levelReaderFor("shopify")) registerShopifyLevelReader();
  if (!levelReaderFor("woocommerce")) registerWooLevelReader({ key: options.wooKey });
}
