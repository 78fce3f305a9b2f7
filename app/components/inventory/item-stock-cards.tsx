import { BlockStack, Box, Card, DataTable, EmptyState, Text } from "@shopify/polaris";
import { ChannelBadge } from "../channel-badge";
import { formatDateTime } from "../format";
import { SyncStateBadge } from "./sync-state-badge";

export type BalanceRow = {
  locationId: string;
  locationName: string;
  onHand: number;
  committed: number;
  available: number;
};
export type ListingRow = {
  id: string;
  channel: { id: string; name: string; kind: string; status: string };
  sellable: number | null;
  lastPushed: number | null;
  lastPushedAt: string | Date | null;
  syncState: string;
  lastError: string | null;
};

export function BalancesCard(props: {
  balances: BalanceRow[];
  totals: Omit<BalanceRow, "locationId" | "locationName">;
}) {
  return (
    <Card padding="0">
      <BlockStack gap="0">
        <Box padding="400" paddingBlockEnd="0">
          <Text as="h2" variant="headingMd">
            Stock by location
          </Text>
        </Box>
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "numeric"]}
          headings={["Location", "On hand", "Committed", "Available"]}
          rows={props.balances.map((balance) => [
            balance.locationName,
            balance.onHand,
            balance.committed,
            balance.available,
          ])}
          totals={["", props.totals.onHand, props.totals.committed, props.totals.available]}
          showTotalsInFooter
        />
      </BlockStack>
    </Card>
  );
}

export function ListingsCard(props: { listings: ListingRow[] }) {
  return (
    <Card padding="0">
      <Box padding="400" paddingBlockEnd="0">
        <Text as="h2" variant="headingMd">
          Channels
        </Text>
      </Box>
      {props.listings.length === 0 ? (
        <EmptyState heading="Not listed on any channel" image="">
          <p>The item is pushed to a channel once the channel's catalog lists it.</p>
        </EmptyState>
      ) : (
        <DataTable
          columnContentTypes={["text", "numeric", "numeric", "text", "text", "text"]}
          headings={["Channel", "Sellable", "Last pushed", "Pushed at", "Sync state", "Last error"]}
          rows={props.listings.map((listing) => [
            <ChannelBadge key="channel" kind={listing.channel.kind} name={listing.channel.name} />,
            listing.sellable ?? "—",
            listing.lastPushed ?? "—",
            listing.lastPushedAt ? formatDateTime(listing.lastPushedAt) : "never",
            <SyncStateBadge key="state" state={listing.syncState} />,
            listing.lastError ? (
              <Text key="error" as="span" tone="critical" breakWord>
                {listing.lastError}
              </Text>
            ) : (
              "—"
            ),
          ])}
        />
      )}
    </Card>
  );
}
