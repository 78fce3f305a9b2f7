import { Banner, BlockStack, Box, Button, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import { useState } from "react";
import { ConfirmModal } from "../confirm-modal";
import { signed } from "./movement-words";

export type CountDifferenceRow = {
  itemId: string;
  sku: string;
  title: string;
  onHand: number;
  counted: number;
  difference: number;
};

/** The changes the count would make, and "Post count" behind a confirmation. */
export function CountReview(props: {
  locationName: string;
  differences: CountDifferenceRow[];
  unchanged: number;
  posting: boolean;
  onPost: () => void;
  onEdit: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const { differences } = props;
  const net = differences.reduce((sum, row) => sum + row.difference, 0);
  const items = (count: number) => `${count} ${count === 1 ? "item" : "items"}`;

  if (differences.length === 0) {
    return (
      <Banner tone="success" title="Every count matches on hand" onDismiss={props.onEdit}>
        <Text as="p">{`${items(props.unchanged)} counted at ${props.locationName}: nothing to post.`}</Text>
      </Banner>
    );
  }
  return (
    <Card padding="0">
      <BlockStack gap="0">
        <Box padding="400" paddingBlockEnd="0">
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              Review: {items(differences.length)} to change at {props.locationName}
            </Text>
            <Text as="p" tone="subdued">
              {props.unchanged > 0 ? `${items(props.unchanged)} matched on hand and are left out. ` : ""}
              Net change {signed(net)}.
            </Text>
          </BlockStack>
        </Box>
        <DataTable
          columnContentTypes={["text", "text", "numeric", "numeric", "numeric"]}
          headings={["SKU", "Item", "On hand", "Counted", "Difference"]}
          rows={differences.map((row) => [
            row.sku,
            row.title,
            row.onHand,
            row.counted,
            <Text key="difference" as="span" tone={row.difference < 0 ? "critical" : "success"} fontWeight="semibold">
              {signed(row.difference)}
            </Text>,
          ])}
        />
        <Box padding="400">
          <InlineStack gap="200" align="end">
            <Button onClick={props.onEdit}>Edit counts</Button>
            <Button variant="primary" loading={props.posting} onClick={() => setConfirming(true)}>
              Post count
            </Button>
          </InlineStack>
        </Box>
      </BlockStack>
      <ConfirmModal
        open={confirming}
        title={`Post the count at ${props.locationName}?`}
        confirmLabel="Post count"
        destructive={false}
        loading={props.posting}
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          props.onPost();
        }}
      >
        {`On hand becomes the counted quantity for ${items(differences.length)} (net ${signed(net)}). ` +
          "The ledger records a count movement for each; channels are updated from the new figures."}
      </ConfirmModal>
    </Card>
  );
}
