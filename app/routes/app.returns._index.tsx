import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Card, EmptyState, Page, Tabs } from "@shopify/polaris";
import { requireShopContext } from "../auth/shop-context.server";
import { RouteError } from "../components/route-error";
import { ReturnsTable } from "../components/returns/returns-table";
import { STATUS_LABELS, statusLabel } from "../components/returns/status";
import { getDb } from "../db.server";
import { listReturns, ReturnListQuerySchema } from "../services/read/returns.server";

export const meta: MetaFunction = () => [{ title: "Returns · ChannelLedger" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const query = ReturnListQuerySchema.safeParse(params);
  if (!query.success) throw new Response("Unknown returns filter", { status: 400 });
  const page = await listReturns(getDb(), shop.id, query.data);
  return { ...page, status: query.data.status ?? null };
}

/** "All" first, then the statuses in the order a return lives through them. */
const TABS = [null, ...Object.keys(STATUS_LABELS)];

export default function Returns() {
  const { returns, nextCursor, counts, status } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const hasPrevious = searchParams.has("cursor");
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const filterQuery = status ? `status=${status}&` : "";
  return (
    <Page title="Returns">
      <Card padding="0">
        <Tabs
          tabs={TABS.map((tab) => ({
            id: tab ?? "all",
            content: tab ? statusLabel(tab) : "All",
            badge: String(tab ? (counts[tab] ?? 0) : total),
          }))}
          selected={Math.max(0, TABS.indexOf(status))}
          onSelect={(index) => {
            const tab = TABS[index];
            navigate(tab ? `?status=${tab}` : "?");
          }}
        />
        {returns.length === 0 && !hasPrevious ? (
          <EmptyState heading={status ? `No ${statusLabel(status).toLowerCase()} returns` : "No returns yet"} image="">
            <p>
              {status
                ? "Returns in this status appear here."
                : "Returns opened from an order, or requested by customers on a channel, appear here."}
            </p>
          </EmptyState>
        ) : (
          <ReturnsTable
            rows={returns}
            hasNext={nextCursor !== null}
            hasPrevious={hasPrevious}
            onNext={() => navigate(`?${filterQuery}cursor=${encodeURIComponent(nextCursor ?? "")}`)}
            onPrevious={() => navigate(-1)}
          />
        )}
      </Card>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Returns" />;
}
