import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { BlockStack, Card, EmptyState, InlineGrid, InlineStack, Layout, Page, Select, Text } from "@shopify/polaris";
import { requireShopContext } from "../auth/shop-context.server";
import { ChannelFiguresTable, Figure, SyncHealthCard } from "../components/dashboard/dashboard-cards";
import { formatDuration, formatPercent } from "../components/dashboard/format-duration";
import { DemoTrafficCard } from "../components/dashboard/demo-traffic-card";
import { OrdersChart } from "../components/dashboard/orders-chart";
import { formatMoney } from "../components/format";
import { RouteError } from "../components/route-error";
import { getDb } from "../db.server";
import { getDemoTraffic } from "../services/demo/traffic-control.server";
import { handleDemoTrafficForm } from "../services/demo/traffic-form.server";
import { loadDashboard, PeriodSchema, PERIODS } from "../services/read/dashboard.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · ChannelLedger" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  // An unknown period reads as today rather than failing: the selector only offers the known ones.
  const period = PeriodSchema.parse(new URL(request.url).searchParams.get("period") ?? undefined);
  return {
    currency: shop.currency,
    periodOptions: Object.entries(PERIODS).map(([value, { label }]) => ({ value, label })),
    dashboard: await loadDashboard(getDb(), shop.id, { period }),
    // Only `npm run demo` with its simulated stores runs shoppers; everywhere else there is no card.
    demoTraffic: getDemoTraffic()?.status() ?? null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireShopContext(request);
  return handleDemoTrafficForm(request);
}

export default function Dashboard() {
  const { currency, periodOptions, dashboard, demoTraffic } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const { period, returns } = dashboard;

  if (dashboard.channels.length === 0) {
    return (
      <Page title="Dashboard">
        <Card>
          <EmptyState heading="No channels yet" action={{ content: "Go to channels", url: "/app/channels" }} image="">
            <p>Connect Shopify or a WooCommerce store and its orders and stock show up here.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  const chartTitle = `Orders per day by channel, ${period.label.toLowerCase()}`;
  return (
    <Page title="Dashboard">
      <Layout>
        {demoTraffic ? (
          <Layout.Section>
            <DemoTrafficCard traffic={demoTraffic} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineStack align="space-between" blockAlign="end">
            <Text as="h2" variant="headingLg">
              {period.label}
            </Text>
            <div style={{ minWidth: 180 }}>
              <Select
                label="Period"
                labelInline
                options={periodOptions}
                value={period.key}
                disabled={navigation.state === "loading"}
                onChange={(value) =>
                  setSearchParams((params) => {
                    params.set("period", value);
                    return params;
                  })
                }
              />
            </div>
          </InlineStack>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
            <Figure label="Orders" value={dashboard.orders} help={`${dashboard.units} units`} />
            <Figure label="Revenue" value={formatMoney(dashboard.revenueMinor, currency)} />
            <Figure
              label="Median time to ship"
              value={dashboard.medianMsToShip === null ? "—" : formatDuration(dashboard.medianMsToShip)}
              help="From order to its first shipment"
            />
            <Figure
              label="Return rate"
              value={returns.rate === null ? "—" : formatPercent(returns.rate)}
              help={`${returns.returnedUnits} of ${returns.shippedUnits} units shipped`}
            />
            <Figure label="Awaiting fulfilment" value={dashboard.awaitingFulfilment} help="Open orders, all time" />
            <Figure label="Open oversells" value={dashboard.openOversells} />
            <Figure label="Low-stock items" value={dashboard.lowStock} help="At or below their threshold" />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Orders per day
              </Text>
              {dashboard.orders === 0 ? (
                <Text as="p" tone="subdued">
                  No orders in this period yet.
                </Text>
              ) : null}
              <OrdersChart
                title={chartTitle}
                channels={dashboard.channels.map((channel) => ({ id: channel.id, name: channel.name }))}
                days={dashboard.perDay}
              />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <ChannelFiguresTable rows={dashboard.byChannel} currency={currency} periodLabel={period.label} />
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <SyncHealthCard rows={dashboard.syncHealth} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Dashboard" />;
}
