import { BlockStack, Card, DataTable, InlineStack, Text } from "@shopify/polaris";

type PickListItem = {
  sku: string | null;
  title: string;
  quantity: number;
  orders: { id: string; name: string; quantity: number }[];
};
type PickListLocation = { id: string | null; name: string; units: number; items: PickListItem[] };

/**
 * On paper the admin's chrome is noise: only the list prints, without navigation, buttons or shadows, and a
 * location's table is not split across pages when it fits on one.
 */
export const PRINT_STYLES = `
@media print {
  .Polaris-Frame__Navigation, .Polaris-Frame__TopBar, .Polaris-Page-Header__RightAlign,
  .Polaris-Page-Header__BreadcrumbWrapper, .Polaris-Frame__ContextualSaveBar { display: none !important; }
  .Polaris-Frame__Main { padding: 0 !important; }
  .Polaris-Frame, .Polaris-Frame__Main, body { background: #fff !important; }
  .Polaris-ShadowBevel::before { box-shadow: none !important; }
  .Polaris-ShadowBevel { break-inside: avoid; border: 1px solid #ccc; }
}
`;

export function PickListLocationCard(props: { location: PickListLocation }) {
  const { location } = props;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="baseline">
          <Text as="h2" variant="headingMd">
            {location.name}
          </Text>
          <Text as="span" tone="subdued">
            {location.units} unit{location.units === 1 ? "" : "s"}
          </Text>
        </InlineStack>
        <DataTable
          columnContentTypes={["text", "text", "numeric", "text"]}
          headings={["SKU", "Item", "Quantity", "Orders"]}
          rows={location.items.map((item) => [
            <Text as="span" fontWeight="semibold" key="sku">
              {item.sku ?? "no SKU"}
            </Text>,
            item.title,
            item.quantity,
            item.orders.map((order) => `${order.name} × ${order.quantity}`).join(", "),
          ])}
        />
      </BlockStack>
    </Card>
  );
}
