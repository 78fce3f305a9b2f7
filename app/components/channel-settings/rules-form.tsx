import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { ChannelRules, SAVE_RULES_INTENT } from "../../services/channels/channel-rules.server";
import { useActionToast } from "../toast";
import { fieldError, type ActionResult } from "./action-result";

const INTENT = "save-rules" satisfies typeof SAVE_RULES_INTENT;

type RuleField = "safetyStock" | "percentOfAvailable" | "maxQuantity" | "minQuantity" | "stockMaster";

const STOCK_MASTERS = [
  { value: "ledger", label: "ChannelLedger: edits on the channel are set back" },
  { value: "channel", label: "The channel: its edits become stock adjustments" },
];

export function RulesForm(props: { rules: ChannelRules; channelName: string }) {
  const fetcher = useFetcher<ActionResult>();
  useActionToast(fetcher.data);
  const [values, setValues] = useState<Record<RuleField, string>>({
    safetyStock: String(props.rules.safetyStock),
    percentOfAvailable: String(props.rules.percentOfAvailable),
    maxQuantity: props.rules.maxQuantity === null ? "" : String(props.rules.maxQuantity),
    minQuantity: String(props.rules.minQuantity),
    stockMaster: props.rules.stockMaster,
  });
  const set = (field: RuleField) => (value: string) => setValues((old) => ({ ...old, [field]: value }));
  const error = (field: string) => fieldError(fetcher.data, field);

  return (
    <Card>
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value={INTENT} />
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Stock rules
            </Text>
            <Text as="p" tone="subdued">
              What {props.channelName} may sell of each item: available stock at its locations, less the safety stock,
              its share, capped at the maximum, and 0 below the minimum. Saving pushes the new figures.
            </Text>
          </BlockStack>
          {error("form") ? <Banner tone="critical">{error("form")}</Banner> : null}
          <FormLayout>
            <FormLayout.Group>
              <TextField
                label="Safety stock"
                name="safetyStock"
                type="number"
                min={0}
                value={values.safetyStock}
                onChange={set("safetyStock")}
                helpText="Units kept back from this channel"
                error={error("safetyStock")}
                autoComplete="off"
              />
              <TextField
                label="Share of available"
                name="percentOfAvailable"
                type="number"
                min={0}
                max={100}
                suffix="%"
                value={values.percentOfAvailable}
                onChange={set("percentOfAvailable")}
                error={error("percentOfAvailable")}
                autoComplete="off"
              />
            </FormLayout.Group>
            <FormLayout.Group>
              <TextField
                label="Maximum shown"
                name="maxQuantity"
                type="number"
                min={0}
                value={values.maxQuantity}
                onChange={set("maxQuantity")}
                helpText="Leave empty for no maximum"
                error={error("maxQuantity")}
                autoComplete="off"
              />
              <TextField
                label="Minimum to show"
                name="minQuantity"
                type="number"
                min={0}
                value={values.minQuantity}
                onChange={set("minQuantity")}
                helpText="Below this the channel shows 0"
                error={error("minQuantity")}
                autoComplete="off"
              />
            </FormLayout.Group>
            <Select
              label="Stock master"
              name="stockMaster"
              options={STOCK_MASTERS}
              value={values.stockMaster}
              onChange={set("stockMaster")}
              error={error("stockMaster")}
            />
          </FormLayout>
          <InlineStack align="end">
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              Save rules
            </Button>
          </InlineStack>
        </BlockStack>
      </fetcher.Form>
    </Card>
  );
}
