import { BlockStack, InlineStack, Text, TextField } from "@shopify/polaris";

/**
 * One order line in a fulfil or return form: its title and what limits it, and how many units to take. The hidden
 * lineId and the quantity repeat per line, so the form reads them back as two lists in the same order.
 */
export function LineQuantityRow(props: {
  line: { id: string; title: string; sku: string | null };
  detail: string;
  verb: string;
  max: number;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  const { line } = props;
  return (
    <InlineStack gap="400" align="space-between" blockAlign="center" wrap={false}>
      <BlockStack gap="050">
        <Text as="span" fontWeight="semibold">
          {line.title}
        </Text>
        <Text as="span" tone="subdued">
          {line.sku ?? "no SKU"} · {props.detail}
        </Text>
      </BlockStack>
      <input type="hidden" name="lineId" value={line.id} />
      <div style={{ width: "7rem", flexShrink: 0 }}>
        <TextField
          label={`Units of ${line.title} to ${props.verb}`}
          labelHidden
          name="quantity"
          type="number"
          min={0}
          max={props.max}
          autoComplete="off"
          value={props.value}
          onChange={props.onChange}
          error={props.error}
        />
      </div>
    </InlineStack>
  );
}
