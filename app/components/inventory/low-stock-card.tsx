import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useActionToast } from "../toast";
import { fieldError, type FormAnswer } from "./form-answer";

export const SET_THRESHOLD_INTENT = "set-threshold";
export const CLEAR_THRESHOLD_INTENT = "clear-threshold";

/** The item is flagged "low stock" once available, over all locations, is at or below the threshold. */
export function LowStockCard(props: { threshold: number | null; available: number }) {
  const fetcher = useFetcher<FormAnswer>();
  useActionToast(fetcher.data);
  const [value, setValue] = useState(props.threshold === null ? "" : String(props.threshold));
  const busyWith = fetcher.state === "idle" ? null : fetcher.formData?.get("intent");

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Low-stock threshold
        </Text>
        <Text as="p" tone="subdued">
          {props.threshold === null
            ? "No threshold: this item is never flagged as low."
            : `Flagged low when available (now ${props.available}) is ${props.threshold} or less.`}
        </Text>
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value={SET_THRESHOLD_INTENT} />
          <FormLayout>
            <TextField
              label="Threshold"
              name="threshold"
              type="number"
              step={1}
              value={value}
              onChange={setValue}
              autoComplete="off"
              error={fieldError(fetcher.data, "threshold")}
            />
            <InlineStack gap="200">
              <Button submit loading={busyWith === SET_THRESHOLD_INTENT}>
                Save threshold
              </Button>
              {props.threshold !== null ? (
                <Button
                  variant="plain"
                  loading={busyWith === CLEAR_THRESHOLD_INTENT}
                  onClick={() => {
                    setValue("");
                    fetcher.submit({ intent: CLEAR_THRESHOLD_INTENT }, { method: "post" });
                  }}
                >
                  Clear threshold
                </Button>
              ) : null}
            </InlineStack>
          </FormLayout>
        </fetcher.Form>
      </BlockStack>
    </Card>
  );
}
