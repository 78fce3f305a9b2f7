import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { ConfirmModal } from "../confirm-modal";
import { useActionToast } from "../toast";
import { errorOn, type ReturnAnswer } from "./return-forms";

export type ReturnSteps = { approve: boolean; decline: boolean; markInTransit: boolean; close: boolean };

/** The steps the return can take now; declining and closing end its life, so they ask first. */
export function ReturnStepsCard(props: { steps: ReturnSteps; unitsExpected: number; channelName: string }) {
  const fetcher = useFetcher<ReturnAnswer>();
  useActionToast(fetcher.data);
  const [confirming, setConfirming] = useState<"decline" | "close" | null>(null);
  const [reason, setReason] = useState("");
  const pending = fetcher.state !== "idle" ? fetcher.formData?.get("intent") : null;
  const submit = (fields: Record<string, string>) => {
    setConfirming(null);
    fetcher.submit(fields, { method: "post" });
  };
  const { approve, decline, markInTransit, close } = props.steps;
  const any = approve || decline || markInTransit || close;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Next step
        </Text>
        {any ? (
          <InlineStack gap="200">
            {approve ? (
              <Button variant="primary" loading={pending === "approve"} onClick={() => submit({ intent: "approve" })}>
                Approve
              </Button>
            ) : null}
            {decline ? (
              <Button tone="critical" loading={pending === "decline"} onClick={() => setConfirming("decline")}>
                Decline
              </Button>
            ) : null}
            {markInTransit ? (
              <Button loading={pending === "mark-in-transit"} onClick={() => submit({ intent: "mark-in-transit" })}>
                Mark in transit
              </Button>
            ) : null}
            {close ? (
              <Button loading={pending === "close"} onClick={() => setConfirming("close")}>
                Close return
              </Button>
            ) : null}
          </InlineStack>
        ) : (
          <Text as="p" tone="subdued">
            {props.unitsExpected > 0
              ? `${props.unitsExpected} unit(s) are still expected back: receive them below.`
              : "Nothing more to do on this return."}
          </Text>
        )}
        {errorOn(fetcher.data, "form") ? (
          <Text as="p" tone="critical">
            {errorOn(fetcher.data, "form")}
          </Text>
        ) : null}
        <Text as="p" tone="subdued" variant="bodySm">
          These steps are kept in ChannelLedger; {props.channelName} is only told about receipts and refunds.
        </Text>
      </BlockStack>
      <ConfirmModal
        open={confirming === "decline"}
        title="Decline this return?"
        confirmLabel="Decline return"
        loading={pending === "decline"}
        onConfirm={() => submit({ intent: "decline", reason })}
        onClose={() => setConfirming(null)}
      >
        <BlockStack gap="300">
          <Text as="p">
            The customer&apos;s units are no longer expected back and can be returned on another return.
          </Text>
          <TextField
            label="Reason (kept on the order's timeline)"
            value={reason}
            onChange={setReason}
            autoComplete="off"
            maxLength={500}
            error={errorOn(fetcher.data, "reason")}
          />
        </BlockStack>
      </ConfirmModal>
      <ConfirmModal
        open={confirming === "close"}
        title="Close this return?"
        confirmLabel="Close return"
        destructive={false}
        loading={pending === "close"}
        onConfirm={() => submit({ intent: "close" })}
        onClose={() => setConfirming(null)}
      >
        Every unit is received. A closed return expects nothing more and cannot be reopened.
      </ConfirmModal>
    </Card>
  );
}
