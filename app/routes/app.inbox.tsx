import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Button, Card, EmptyState, IndexTable, InlineStack, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requireShopContext } from "../auth/shop-context.server";
import { ConfirmModal } from "../components/confirm-modal";
import { formatDateTime } from "../components/format";
import { RouteError } from "../components/route-error";
import { useActionToast } from "../components/toast";
import { getDb } from "../db.server";
import { formError, parseForm } from "../forms.server";
import { getQueue } from "../queue.server";
import { listInboxEvents } from "../services/inbox/list.server";
import { replayInboxEvent, replayQuarantinedInboxEvents } from "../services/inbox/replay.server";

export const meta: MetaFunction = () => [{ title: "Inbox · ChannelLedger" }];

const InboxActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("replay"), id: z.string().min(1) }),
  z.object({ intent: z.literal("replay-all") }),
]);

// Errors are ours (which field of the payload was wrong), never the payload itself; long ones are cut for the table.
const ERROR_PREVIEW = 240;

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const events = await listInboxEvents(getDb(), { shopId: shop.id, status: "quarantined" });
  return {
    events: events.map((event) => ({
      id: event.id,
      topic: event.topic,
      receivedAt: event.receivedAt.toISOString(),
      attempts: event.attempts,
      error: (event.lastError ?? "").slice(0, ERROR_PREVIEW),
    })),
  };
}

const backInLine = (replayed: number) =>
  replayed === 0
    ? "Nothing was quarantined any more"
    : `${replayed === 1 ? "1 event is" : `${replayed} events are`} back in line for processing`;

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const parsed = await parseForm(request, InboxActionSchema);
  if (!parsed.ok) return parsed.refusal;
  if (parsed.data.intent === "replay-all") {
    const replayed = await replayQuarantinedInboxEvents(getDb(), getQueue(), { shopId: shop.id });
    return { ok: true as const, replayed, toast: backInLine(replayed) };
  }
  const replayed = await replayInboxEvent(getDb(), getQueue(), { id: parsed.data.id, shopId: shop.id });
  if (!replayed) {
    return formError(
      { id: ["That event is no longer quarantined"] },
      { status: 404, toast: "That event is no longer quarantined" },
    );
  }
  return { ok: true as const, replayed: 1, toast: backInLine(1) };
}

/** Which replay the merchant is confirming: one event (by its topic) or all of them. */
type Replaying = { intent: "replay"; id: string; topic: string } | { intent: "replay-all" };

export default function Inbox() {
  const { events } = useLoaderData<typeof loader>();
  const replay = useFetcher<typeof action>();
  useActionToast(replay.data);
  const [confirming, setConfirming] = useState<Replaying | null>(null);
  const busy = replay.state !== "idle";
  const pending = busy ? replay.formData?.get("intent") : null;
  const pendingId = busy ? replay.formData?.get("id") : null;
  const submit = (target: Replaying) => {
    setConfirming(null);
    replay.submit(target.intent === "replay" ? { intent: target.intent, id: target.id } : target, { method: "post" });
  };

  return (
    <Page
      title="Inbox"
      subtitle="Channel events that could not be applied. Fix the cause, then replay them."
      primaryAction={
        events.length > 0
          ? {
              content: "Replay all",
              loading: pending === "replay-all",
              disabled: busy,
              onAction: () => setConfirming({ intent: "replay-all" }),
            }
          : undefined
      }
    >
      <Card padding="0">
        {events.length === 0 ? (
          <EmptyState heading="Nothing is waiting" image="">
            <p>Every event your channels sent has been applied to the ledger.</p>
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: "event", plural: "events" }}
            itemCount={events.length}
            selectable={false}
            headings={[
              { title: "Topic" },
              { title: "Received" },
              { title: "Attempts", alignment: "end" },
              { title: "Error" },
              { title: "" },
            ]}
          >
            {events.map((event, index) => (
              <IndexTable.Row id={event.id} key={event.id} position={index}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {event.topic}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{formatDateTime(event.receivedAt)}</IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" alignment="end" numeric>
                    {event.attempts}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Text as="span" tone="critical" breakWord>
                    {event.error || "—"}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack align="end">
                    <Button
                      variant="plain"
                      disabled={busy}
                      loading={pendingId === event.id}
                      accessibilityLabel={`Replay ${event.topic} received ${formatDateTime(event.receivedAt)}`}
                      onClick={() => setConfirming({ intent: "replay", id: event.id, topic: event.topic })}
                    >
                      Replay
                    </Button>
                  </InlineStack>
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
      <ConfirmModal
        open={confirming !== null}
        title={confirming?.intent === "replay" ? `Replay this ${confirming.topic} event?` : "Replay every event?"}
        confirmLabel={
          confirming?.intent === "replay" || events.length === 1 ? "Replay event" : `Replay ${events.length} events`
        }
        onConfirm={() => confirming && submit(confirming)}
        onClose={() => setConfirming(null)}
      >
        {`${confirming?.intent === "replay" ? "The event is" : "Every quarantined event is"} applied to the ledger now, as if it had just arrived: the order and stock changes it carries take effect. Fix the cause first, or it is quarantined again.`}
      </ConfirmModal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Inbox" />;
}
