import { Box, DataTable, Text, TextField } from "@shopify/polaris";

export type CountSheetItem = { id: string; sku: string; title: string; onHand: number };

/** Where the counter types what is on the shelf; blank means not counted, and posts nothing for the item. */
export function CountSheet(props: {
  items: CountSheetItem[];
  locationName: string;
  counts: Record<string, string>;
  errors: Record<string, string | undefined>;
  onChange: (itemId: string, value: string) => void;
}) {
  return (
    <DataTable
      columnContentTypes={["text", "text", "numeric", "text"]}
      headings={["SKU", "Item", "On hand", "Counted"]}
      verticalAlign="middle"
      rows={props.items.map((item) => [
        <Text key="sku" as="span" fontWeight="semibold">
          {item.sku}
        </Text>,
        item.title,
        item.onHand,
        <Box key="count" maxWidth="8rem">
          <TextField
            label={`Counted ${item.sku} at ${props.locationName}`}
            labelHidden
            type="number"
            min={0}
            step={1}
            autoComplete="off"
            value={props.counts[item.id] ?? ""}
            onChange={(value) => props.onChange(item.id, value)}
            error={props.errors[item.id]}
          />
        </Box>,
      ])}
    />
  );
}
