import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { requireShopContext } from "../auth/shop-context.server";
import { formatMoney } from "../components/format";
import { getDb } from "../db.server";
import { loadDashboard } from "../services/read/dashboard.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · ChannelLedger" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  return { currency: shop.currency, dashboard: await loadDashboard(getDb(), shop.id) };
}

function Figure(props: { label: string; value: string | number }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {props.label}
        </Text>
        <Text as="p" variant="heading2xl">
          {props.value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function Dashboard() {
  const { currency, dashboard } = useLoaderData<typeof loader>();
  const today = dashboard.periods[0];
  return (
    <Page title="Dashboard">
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            <Figure label="Orders today" value={today?.orders ?? 0} />
            <Figure label="Awaiting fulfilment" value={dashboard.awaitingFulfilment} />
            <Figure label="Low-stock items" value={dashboard.lowStock} />
            <Figure label="Open oversells" value={dashboard.openOversells} />
          </InlineGrid>
        </Layout.Section>
        {dashboard.periods.map((period) => (
          <Layout.Section key={period.label}>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {period.label}: {period.orders} orders, {period.units} units,{" "}
                  {formatMoney(period.revenueMinor, currency)}
                </Text>
                <DataTable
                  columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                  headings={["Channel", "Orders", "Units", "Revenue"]}
                  rows={period.byChannel.map((channel) => [
                    channel.channelName,
                    channel.orders,
                    channel.units,
                    formatMoney(channel.revenueMinor, currency),
                  ])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        ))}
      </Layout>
    </Page>
  );
}
