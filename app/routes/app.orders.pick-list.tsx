import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, Page } from "@shopify/polaris";
import { requireShopContext } from "../auth/shop-context.server";
import { PickListLocationCard, PRINT_STYLES } from "../components/orders/pick-list-location";
import { RouteError } from "../components/route-error";
import { getDb } from "../db.server";
import { loadPickList, PickListQuerySchema } from "../services/read/pick-list.server";

export const meta: MetaFunction = () => [{ title: "Pick list · ChannelLedger" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const query = PickListQuerySchema.safeParse({ ids: new URL(request.url).searchParams.getAll("ids") });
  if (!query.success) {
    throw new Response(query.error.issues.map((issue) => issue.message).join("; "), { status: 400 });
  }
  if (query.data.ids.length === 0) return null;
  return loadPickList(getDb(), shop.id, query.data.ids);
}

export default function PickListPage() {
  const list = useLoaderData<typeof loader>();
  const back = { content: "Orders", url: "/app/orders" };
  if (!list || list.orders.length === 0) {
    return (
      <Page title="Pick list" backAction={back}>
        <Card>
          <EmptyState heading="No orders chosen" image="" action={{ content: "Choose orders", url: "/app/orders" }}>
            <p>Select orders on the orders list, then choose “Pick list”.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }
  const orderCount = list.orders.length;
  return (
    <Page
      title="Pick list"
      subtitle={`${list.units} unit${list.units === 1 ? "" : "s"} to pick for ${orderCount} order${orderCount === 1 ? "" : "s"}: ${list.orders.map((order) => order.name).join(", ")}`}
      backAction={back}
      primaryAction={{ content: "Print", onAction: () => window.print() }}
    >
      <style>{PRINT_STYLES}</style>
      <BlockStack gap="400">
        {list.unknownIds.length > 0 ? (
          <Banner tone="warning" title="Some orders were not found">
            {list.unknownIds.length} of the chosen orders are not in this shop and are left out.
          </Banner>
        ) : null}
        {list.nothingToPick.length > 0 ? (
          <Banner tone="info" title="Nothing to pick for some orders">
            {list.nothingToPick.map((order) => `${order.name} (${order.reason})`).join(", ")}
          </Banner>
        ) : null}
        {list.locations.length === 0 ? (
          <Card>
            <EmptyState
              heading="Nothing left to pick"
              image=""
              action={{ content: "Back to orders", url: "/app/orders" }}
            >
              <p>Every unit of these orders is fulfilled or cancelled.</p>
            </EmptyState>
          </Card>
        ) : (
          list.locations.map((location) => <PickListLocationCard key={location.id ?? "none"} location={location} />)
        )}
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Pick list" />;
}
