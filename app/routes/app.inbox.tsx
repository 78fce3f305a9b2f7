import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, EmptyState, IndexTable, InlineStack, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { requireShopContext } from "../auth/shop-context.server";
import { formatDateTime } from "../components/format";
import { getDb } from "../db.server";
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

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const parsed = InboxActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, error: "The request was not valid." }, { status: 400 });
  if (parsed.data.intent === "replay-all") {
    const replayed = await replayQuarantinedInboxEvents(getDb(), getQueue(), { shopId: shop.id });
    return { ok: true as const, replayed };
  }
  const replayed = await replayInboxEvent(getDb(), getQueue(), { id: parsed.data.id, shopId: shop.id });
  if (!replayed) {
    return data({ ok: false as const, error: "That event is no longer quarantined." }, { status: 404 });
  }
  return { ok: true as const, replayed: 1 };
}

export default function Inbox() {
  const { events } = useLoaderData<typeof loader>();
  const replay = useFetcher<typeof action>();
  const busy = replay.state !== "idle";
  const result = replay.data;

  return (
    <Page
      title="Inbox"
      subtitle="Channel events that could not be applied. Fix the cause, then replay them."
      primaryAction={
        events.length > 0
          ? {
              content: "Replay all",
              loading: busy,
              onAction: () => replay.submit({ intent: "replay-all" }, { method: "post" }),
            }
          : undefined
      }
    >
      <BlockStack gap="400">
        {result && result.ok ? (
          <Banner tone="success">
            {result.replayed === 1 ? "1 event is" : `${result.replayed} events are`} back in line for processing.
          </Banner>
        ) : null}
        {result && !result.ok ? <Banner tone="critical">{result.error}</Banner> : null}
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
                        onClick={() => replay.submit({ intent: "replay", id: event.id }, { method: "post" })}
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
      </BlockStack>
    </Page>
  );
}
