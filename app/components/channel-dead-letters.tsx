import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { RetryDeadResult } from "../services/channels/retry-dead-form.server";
import type { SyncProblemView } from "../services/channels/sync-status-view.server";
import { formatDateTime } from "./format";
import { useActionToast } from "./toast";

// The value lives in a .server module the browser bundle cannot import; `satisfies` keeps the two in step.
const RETRY_INTENT = "retry-dead-pushes" satisfies RetryDeadResult["intent"];

// The dead-letter list: listings parked after their last push attempt, with why, and "Retry" to queue them again.
// Parked listings stay parked until someone retries them or their stock moves again. How many were queued shows as
// a toast.

function Refusal({ result }: { result: RetryDeadResult | undefined }) {
  if (!result || result.ok) return null;
  return <Banner tone="critical">{result.fieldErrors.channelId?.join(" ") ?? "That did not work."}</Banner>;
}

export function ChannelDeadLetters(props: {
  channelId: string;
  connected: boolean;
  dead: number;
  rows: SyncProblemView[];
}) {
  const retry = useFetcher<RetryDeadResult>();
  useActionToast(retry.data);
  const { dead, rows } = props;
  if (dead === 0 && (!retry.data || retry.data.ok)) return null;
  return (
    <BlockStack gap="200">
      <Text as="h4" variant="headingXs">
        Dead letters
      </Text>
      <Refusal result={retry.data} />
      {dead > 0 ? (
        <>
          <DataTable
            columnContentTypes={["text", "text", "numeric", "text"]}
            headings={["SKU", "Last error", "Attempts", "Parked"]}
            rows={rows.map((row) => [row.sku, row.error, row.attempts, formatDateTime(row.at)])}
            footerContent={dead > rows.length ? `The ${rows.length} most recent of ${dead}` : undefined}
          />
          <InlineStack gap="200" blockAlign="center">
            <Button
              loading={retry.state !== "idle"}
              disabled={!props.connected}
              onClick={() => retry.submit({ intent: RETRY_INTENT, channelId: props.channelId }, { method: "post" })}
            >
              {`Retry ${dead} ${dead === 1 ? "listing" : "listings"}`}
            </Button>
            {props.connected ? null : (
              <Text as="span" tone="subdued">
                Connect the channel again to retry.
              </Text>
            )}
          </InlineStack>
        </>
      ) : null}
    </BlockStack>
  );
}
