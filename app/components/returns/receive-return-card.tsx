import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, InlineGrid, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { ConfirmModal } from "../confirm-modal";
import { useActionToast } from "../toast";
import { errorOn, lineField, type ReturnAnswer } from "./return-forms";
import type { ReturnLineView } from "./return-lines-card";

type LineEntry = { quantity: string; disposition: "restock" | "dispose"; condition: string };

const DISPOSITIONS = [
  { label: "Restock", value: "restock" },
  { label: "Dispose of", value: "dispose" },
];

/**
 * Receiving what came back, line by line: how many, in what condition, back on the shelf or not; and whether the
 * channel refunds the customer. Lines left at 0 stay expected.
 */
export function ReceiveReturnCard(props: { lines: ReturnLineView[]; channelName: string }) {
  const fetcher = useFetcher<ReturnAnswer>();
  useActionToast(fetcher.data);
  const [entries, setEntries] = useState<LineEntry[]>(() =>
    props.lines.map((line) => ({ quantity: String(line.quantity), disposition: "restock", condition: "" })),
  );
  const [refund, setRefund] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const submitting = fetcher.state !== "idle";
  const update = (index: number, change: Partial<LineEntry>) =>
    setEntries((current) => current.map((entry, at) => (at === index ? { ...entry, ...change } : entry)));

  function submit() {
    const form = new FormData();
    form.append("intent", "receive");
    props.lines.forEach((line, index) => {
      const entry = entries[index]!;
      form.append("returnLineId", line.id);
      form.append("quantity", entry.quantity);
      form.append("disposition", entry.disposition);
      form.append("condition", entry.condition);
    });
    form.append("refund", String(refund));
    setConfirming(false);
    fetcher.submit(form, { method: "post" });
  }

  const formError = errorOn(fetcher.data, "form");
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Receive
        </Text>
        {formError ? <Banner tone="critical">{formError}</Banner> : null}
        {props.lines.map((line, index) => {
          const entry = entries[index]!;
          return (
            <BlockStack gap="200" key={line.id}>
              <Text as="h3" variant="headingSm">
                {line.sku ? `${line.sku} · ` : ""}
                {line.title} ({line.quantity} expected{line.locationName ? `, to ${line.locationName}` : ""})
              </Text>
              <InlineGrid columns={{ xs: 1, sm: 3 }} gap="200">
                <TextField
                  label={`Units received of ${line.sku ?? line.title}`}
                  type="number"
                  min={0}
                  max={line.quantity}
                  value={entry.quantity}
                  onChange={(quantity) => update(index, { quantity })}
                  autoComplete="off"
                  error={errorOn(fetcher.data, lineField(index, "quantity"))}
                />
                <Select
                  label={`What becomes of ${line.sku ?? line.title}`}
                  options={DISPOSITIONS}
                  value={entry.disposition}
                  onChange={(disposition) => update(index, { disposition: disposition as LineEntry["disposition"] })}
                  error={errorOn(fetcher.data, lineField(index, "disposition"))}
                />
                <TextField
                  label={`Condition of ${line.sku ?? line.title}`}
                  placeholder="As new, worn, damaged…"
                  value={entry.condition}
                  onChange={(condition) => update(index, { condition })}
                  autoComplete="off"
                  maxLength={120}
                  error={errorOn(fetcher.data, lineField(index, "condition"))}
                />
              </InlineGrid>
            </BlockStack>
          );
        })}
        <Checkbox
          label={`Refund the customer through ${props.channelName} for what came back`}
          helpText="The channel refunds the amount it suggests for these units."
          checked={refund}
          onChange={setRefund}
        />
        <div>
          <Button variant="primary" loading={submitting} onClick={() => (refund ? setConfirming(true) : submit())}>
            Receive units
          </Button>
        </div>
      </BlockStack>
      <ConfirmModal
        open={confirming}
        title="Receive and refund?"
        confirmLabel="Receive and refund"
        loading={submitting}
        onConfirm={submit}
        onClose={() => setConfirming(false)}
      >
        {`${props.channelName} refunds the customer for the units received. A refund cannot be taken back from here.`}
      </ConfirmModal>
    </Card>
  );
}
