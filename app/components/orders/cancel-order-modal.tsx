import { useFetcher } from "@remix-run/react";
import { Banner, Checkbox, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { ConfirmModal } from "../confirm-modal";
import { CANCEL_REASON_LABELS, CANCEL_REASONS, fieldError, ORDER_FETCHERS } from "./order-forms";
import { useCloseOnSuccess, useResetOnOpen } from "./use-order-form";

type Reason = (typeof CANCEL_REASONS)[number];

/** Cancelling releases every reservation and tells the channel: asked first, with the channel's choices. */
export function CancelOrderModal(props: { open: boolean; onClose: () => void; orderName: string; channel: string }) {
  const fetcher = useFetcher({ key: ORDER_FETCHERS.cancel });
  const [reason, setReason] = useState<Reason>("customer");
  const [restock, setRestock] = useState(true);
  const [refund, setRefund] = useState(false);
  const [notifyCustomer, setNotifyCustomer] = useState(false);
  const [staffNote, setStaffNote] = useState("");
  useCloseOnSuccess(fetcher, props.onClose);
  useResetOnOpen(props.open, () => {
    setReason("customer");
    setRestock(true);
    setRefund(false);
    setNotifyCustomer(false);
    setStaffNote("");
  });

  const error = (field: string) => (fetcher.state === "idle" ? fieldError(fetcher.data, field) : undefined);
  const submit = () =>
    fetcher.submit(
      {
        intent: "cancel",
        reason,
        restock: String(restock),
        refund: String(refund),
        notifyCustomer: String(notifyCustomer),
        staffNote,
      },
      { method: "post" },
    );

  return (
    <ConfirmModal
      open={props.open}
      onClose={props.onClose}
      title={`Cancel order ${props.orderName}?`}
      confirmLabel="Cancel order"
      loading={fetcher.state !== "idle"}
      onConfirm={submit}
    >
      <FormLayout>
        <Text as="p">
          Its reserved units are released at once and {props.channel} is told to cancel it. This cannot be undone.
        </Text>
        {error("form") ? <Banner tone="critical">{error("form")}</Banner> : null}
        <Select
          label="Reason"
          options={CANCEL_REASONS.map((value) => ({ value, label: CANCEL_REASON_LABELS[value] }))}
          value={reason}
          onChange={(value) => setReason(value as Reason)}
          error={error("reason")}
        />
        <Checkbox
          label={`Restock the items on ${props.channel}`}
          helpText="The channel puts the units back in its own stock; the ledger releases them either way."
          checked={restock}
          onChange={setRestock}
        />
        <Checkbox
          label="Refund the payment"
          helpText="To the original payment method, by the channel."
          checked={refund}
          onChange={setRefund}
        />
        <Checkbox label="Notify the customer" checked={notifyCustomer} onChange={setNotifyCustomer} />
        <TextField
          label="Staff note"
          helpText="Kept on the order's timeline."
          autoComplete="off"
          value={staffNote}
          onChange={setStaffNote}
          error={error("staffNote")}
        />
      </FormLayout>
    </ConfirmModal>
  );
}
