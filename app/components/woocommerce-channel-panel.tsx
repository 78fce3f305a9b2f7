import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import type { WooFormFailure, WooFormSuccess } from "../services/woocommerce/connect-form.server";
import type { WebhookHealth } from "../services/woocommerce/webhooks-setup-health.server";
import { ConfirmModal } from "./confirm-modal";
import { formatDateTime } from "./format";
import { useActionToast } from "./toast";

// A WooCommerce channel's part of its card: our webhooks' last known state with "Repair webhooks", and "Disconnect"
// behind a confirmation. WooCommerce disables a webhook after repeated failed deliveries without telling anyone;
// this is where the merchant sees it. What happened shows as a toast; the banners keep what needs doing next.

type Result = WooFormSuccess | WooFormFailure;
type Health = Omit<WebhookHealth, "checkedAt"> & { checkedAt: string };

const TONES = { active: "success", paused: "attention", disabled: "critical", missing: "critical" } as const;

function WebhookList({ health }: { health: Health | null }) {
  if (!health) {
    return (
      <Text as="p" tone="subdued">
        Webhooks not checked yet.
      </Text>
    );
  }
  return (
    <BlockStack gap="100">
      {health.error ? (
        <Banner tone="critical" title="The store's webhooks could not be checked">
          <p>{health.error}</p>
        </Banner>
      ) : null}
      <InlineStack gap="200" wrap>
        {health.statuses.map((status) => (
          <Badge key={status.topic} tone={TONES[status.status]}>
            {`${status.topic}: ${status.status}`}
          </Badge>
        ))}
      </InlineStack>
      {health.statuses
        .filter((status) => status.error && !health.error)
        .map((status) => (
          <Text as="p" tone="critical" key={status.topic}>
            {status.topic}: {status.error}
          </Text>
        ))}
      <Text as="p" tone="subdued">
        {health.ok ? "All webhooks active" : "Some webhooks are not active"} · checked{" "}
        {formatDateTime(health.checkedAt)}
      </Text>
    </BlockStack>
  );
}

function Outcome({ result }: { result: Result | undefined }) {
  if (!result) return null;
  if (!result.ok) {
    const messages = [...result.formErrors, ...Object.values(result.fieldErrors).flat()];
    return <Banner tone="critical">{messages.join(" ") || "That did not work."}</Banner>;
  }
  if (result.intent === "woo-repair-webhooks" && !result.webhooksOk) {
    return (
      <Banner tone="warning">{result.error ?? "Some webhooks are still not active; see their errors above."}</Banner>
    );
  }
  if (result.intent === "woo-disconnect" && result.failures.length > 0) {
    return (
      <Banner tone="warning" title="Disconnected, but the store kept some of our webhooks">
        <p>{result.failures.join(" ")} Delete them in WooCommerce &gt; Settings &gt; Advanced &gt; Webhooks.</p>
      </Banner>
    );
  }
  return null;
}

export function WooChannelPanel(props: { channelId: string; name: string; connected: boolean; health: Health | null }) {
  const repair = useFetcher<Result>();
  const disconnect = useFetcher<Result>();
  useActionToast(repair.data);
  useActionToast(disconnect.data);
  const [confirming, setConfirming] = useState(false);
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        Webhooks
      </Text>
      {props.connected ? <WebhookList health={props.health} /> : null}
      <Outcome result={repair.data} />
      <Outcome result={disconnect.data} />
      {props.connected ? (
        <InlineStack gap="200">
          <Button
            loading={repair.state !== "idle"}
            onClick={() =>
              repair.submit({ intent: "woo-repair-webhooks", channelId: props.channelId }, { method: "post" })
            }
          >
            Repair webhooks
          </Button>
          <Button
            tone="critical"
            variant="plain"
            loading={disconnect.state !== "idle"}
            onClick={() => setConfirming(true)}
          >
            Disconnect
          </Button>
        </InlineStack>
      ) : (
        <Text as="p" tone="subdued">
          Disconnected: its orders and history stay; connect the store again to resume.
        </Text>
      )}
      <ConfirmModal
        open={confirming}
        title={`Disconnect ${props.name}?`}
        confirmLabel="Disconnect"
        loading={disconnect.state !== "idle"}
        onConfirm={() => {
          setConfirming(false);
          disconnect.submit({ intent: "woo-disconnect", channelId: props.channelId }, { method: "post" });
        }}
        onClose={() => setConfirming(false)}
      >
        Our webhooks are deleted from the store and its keys are forgotten. Orders and stock stop syncing; what was
        imported stays in the ledger.
      </ConfirmModal>
    </BlockStack>
  );
}
