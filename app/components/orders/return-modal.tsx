import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, FormLayout, Modal, TextField } from "@shopify/polaris";
import { useRef, useState } from "react";
import { LineQuantityRow } from "./line-quantity-row";
import { fieldError, ORDER_FETCHERS, quantityField } from "./order-forms";
import { useCloseOnSuccess, useResetOnOpen } from "./use-order-form";

export type ReturnableLine = { id: string; sku: string | null; title: string; returnable: number };

/** Opens a return of shipped units: nothing moves in stock until they are received. */
export function ReturnModal(props: { open: boolean; onClose: () => void; lines: ReturnableLine[] }) {
  const fetcher = useFetcher({ key: ORDER_FETCHERS.return });
  const formRef = useRef<HTMLFormElement>(null);
  const lines = props.lines.filter((line) => line.returnable > 0);
  // With one returnable line the answer is obvious; with several the merchant picks.
  const defaults = () =>
    Object.fromEntries(lines.map((line) => [line.id, lines.length === 1 ? String(line.returnable) : "0"]));
  const [quantities, setQuantities] = useState<Record<string, string>>(defaults);
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [note, setNote] = useState("");
  useCloseOnSuccess(fetcher, props.onClose);

  useResetOnOpen(props.open, () => {
    setQuantities(defaults());
    setReasons({});
    setNote("");
  });

  const units = Object.values(quantities).reduce((sum, value) => sum + (Number(value) || 0), 0);
  const error = (field: string) => (fetcher.state === "idle" ? fieldError(fetcher.data, field) : undefined);
  const formError = error("form") ?? error("lines");

  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      title="Start a return"
      primaryAction={{
        content: units > 0 ? `Return ${units} unit${units === 1 ? "" : "s"}` : "Start return",
        loading: fetcher.state !== "idle",
        onAction: () => fetcher.submit(formRef.current, { method: "post" }),
      }}
      secondaryActions={[{ content: "Close", onAction: props.onClose }]}
    >
      <Modal.Section>
        <fetcher.Form method="post" ref={formRef}>
          <input type="hidden" name="intent" value="return" />
          <FormLayout>
            {formError ? <Banner tone="critical">{formError}</Banner> : null}
            {lines.map((line) => (
              <BlockStack key={line.id} gap="200">
                <LineQuantityRow
                  line={line}
                  detail={`${line.returnable} can come back`}
                  verb="return"
                  max={line.returnable}
                  value={quantities[line.id] ?? "0"}
                  onChange={(value) => setQuantities((current) => ({ ...current, [line.id]: value }))}
                  error={error(quantityField(line.id))}
                />
                <TextField
                  label={`Reason for returning ${line.title}`}
                  name="reason"
                  autoComplete="off"
                  maxLength={255}
                  value={reasons[line.id] ?? ""}
                  onChange={(value) => setReasons((current) => ({ ...current, [line.id]: value }))}
                />
              </BlockStack>
            ))}
            <TextField
              label="Note"
              name="note"
              multiline={2}
              autoComplete="off"
              value={note}
              onChange={setNote}
              error={error("note")}
            />
          </FormLayout>
        </fetcher.Form>
      </Modal.Section>
    </Modal>
  );
}
