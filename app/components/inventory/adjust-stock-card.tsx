import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useActionToast } from "../toast";
import { ADJUST_REASONS, type AdjustReason } from "./adjust-reasons";
import { fieldError, type FormAnswer } from "./form-answer";

export const ADJUST_INTENT = "adjust";

/** Changes on hand at one location by a signed quantity, with a reason; the ledger records it as an adjustment. */
export function AdjustStockCard(props: { locations: { id: string; name: string }[]; requestId: string }) {
  const fetcher = useFetcher<FormAnswer>();
  useActionToast(fetcher.data);
  const [locationId, setLocationId] = useState(props.locations[0]?.id ?? "");
  const [delta, setDelta] = useState("");
  const [reason, setReason] = useState<AdjustReason>("received");
  const [note, setNote] = useState("");
  const answer = fetcher.data;

  // A new answer that applied the adjustment empties the quantity and note for the next one.
  const [seenAnswer, setSeenAnswer] = useState(answer);
  if (answer !== seenAnswer) {
    setSeenAnswer(answer);
    if (answer?.ok) {
      setDelta("");
      setNote("");
    }
  }

  if (props.locations.length === 0) {
    return (
      <Card>
        <Text as="p" tone="subdued">
          Add a location before adjusting stock.
        </Text>
      </Card>
    );
  }

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Adjust stock
        </Text>
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value={ADJUST_INTENT} />
          <input type="hidden" name="requestId" value={props.requestId} />
          <FormLayout>
            <Select
              label="Location"
              name="locationId"
              options={props.locations.map((location) => ({ label: location.name, value: location.id }))}
              value={locationId}
              onChange={setLocationId}
              error={fieldError(answer, "locationId")}
            />
            <TextField
              label="Change to on hand"
              name="delta"
              type="number"
              step={1}
              value={delta}
              onChange={setDelta}
              autoComplete="off"
              helpText="Positive adds units, negative removes them (for example 5 or -3)."
              error={fieldError(answer, "delta")}
            />
            <Select
              label="Reason"
              name="reason"
              options={ADJUST_REASONS.map((option) => ({ label: option.label, value: option.value }))}
              value={reason}
              onChange={(value) => setReason(value as AdjustReason)}
              error={fieldError(answer, "reason")}
            />
            <TextField
              label="Note"
              name="note"
              value={note}
              onChange={setNote}
              autoComplete="off"
              maxLength={200}
              helpText={reason === "other" ? "Required when the reason is Other." : "Optional."}
              error={fieldError(answer, "note")}
            />
            <Button submit variant="primary" loading={fetcher.state !== "idle"}>
              Adjust stock
            </Button>
          </FormLayout>
        </fetcher.Form>
      </BlockStack>
    </Card>
  );
}
