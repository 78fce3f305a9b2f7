import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  InlineStack,
  Page,
  ProgressBar,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { requireShopContext, type ShopContext } from "../auth/shop-context.server";
import { ChannelBadge } from "../components/channel-badge";
import { ChannelSyncStatus } from "../components/channel-sync-status";
import { formatDateTime } from "../components/format";
import { RouteError } from "../components/route-error";
import { useActionToast } from "../components/toast";
import { WooChannelPanel } from "../components/woocommerce-channel-panel";
import { WooConnectCard } from "../components/woocommerce-connect-card";
import { getConfig } from "../config.server";
import { getDb } from "../db.server";
import { readFormData } from "../forms.server";
import { getQueue } from "../queue.server";
import { shopify } from "../shopify.server";
import { handleBackfillForm, type BackfillAnswer } from "../services/channels/backfill-form.server";
import { backfillView, type BackfillView } from "../services/channels/backfill-view.server";
import { handleRetryDeadForm, isRetryDeadIntent } from "../services/channels/retry-dead-form.server";
import { channelSyncViews } from "../services/channels/sync-status-view.server";
import { handleWooChannelForm, isWooIntent } from "../services/woocommerce/connect-form.server";
import { readWebhookHealth } from "../services/woocommerce/webhooks-setup-health.server";

export const meta: MetaFunction = () => [{ title: "Channels · ChannelLedger" }];

/** The outcome of a one-click connect, as /woocommerce/auth/return reports it. */
const WooReturnSchema = z.enum(["connected", "declined", "failed"]).optional().catch(undefined);

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const config = getConfig();
  const locations = await getDb().location.findMany({
    where: { shopId: shop.id, active: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true },
  });
  const syncViews = await channelSyncViews(getDb(), shop.id);
  const channels = await getDb().channel.findMany({
    where: { shopId: shop.id },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      kind: true,
      name: true,
      externalRef: true,
      status: true,
      lastSyncAt: true,
      settings: true,
      _count: { select: { listings: true, orders: true } },
    },
  });
  return {
    channels: channels.map(({ settings, ...channel }) => ({
      ...channel,
      backfill: backfillView(settings),
      webhooks: channel.kind === "woocommerce" ? readWebhookHealth(settings) : null,
      sync: syncViews[channel.id] ?? null,
    })),
    locations,
    wooReturn: WooReturnSchema.parse(new URL(request.url).searchParams.get("woocommerce") ?? undefined),
    encryptionReady: config.ENCRYPTION_KEY !== undefined,
    oneClickHttps: config.appUrl.startsWith("https://"),
  };
}

/**
 * The store's approval screen has to fill the browser window. Inside the Shopify admin the app is an iframe, so the
 * library's redirect tells App Bridge to navigate the top window; standalone, a plain redirect does it.
 */
async function redirectOut(request: Request, context: ShopContext, url: string) {
  if (context.mode !== "embedded") return redirect(url);
  const { redirect: appRedirect } = await shopify().authenticate.admin(request);
  return appRedirect(url, { target: "_top" });
}

export async function action({ request }: ActionFunctionArgs) {
  const context = await requireShopContext(request);
  const { shop } = context;
  const form = Object.fromEntries(await readFormData(request));
  if (isWooIntent(form.intent)) {
    const outcome = await handleWooChannelForm(
      getDb(),
      form,
      { shopId: shop.id, mode: context.mode },
      {
        queue: getQueue(),
      },
    );
    if ("redirectTo" in outcome) return redirectOut(request, context, outcome.redirectTo);
    return data(outcome.data, { status: outcome.status });
  }
  if (isRetryDeadIntent(form.intent)) {
    const outcome = await handleRetryDeadForm(getDb(), form, { shopId: shop.id }, { queue: getQueue() });
    return data(outcome.data, { status: outcome.status });
  }
  const outcome = await handleBackfillForm(getDb(), form, { shopId: shop.id }, { queue: getQueue() });
  return data(outcome.data, { status: outcome.status });
}

const RETURN_BANNERS = {
  connected: { tone: "success", text: "WooCommerce store connected: its products and orders are being imported." },
  declined: { tone: "warning", text: "The store did not grant access, so nothing was connected." },
  failed: {
    tone: "critical",
    text: "The store granted access but the connection did not complete. Try again, or connect with API keys.",
  },
} as const;

export default function Channels() {
  const { channels, locations, wooReturn, encryptionReady, oneClickHttps } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const running = channels.some((channel) => channel.backfill?.status === "running");
  useEffect(() => {
    if (!running) return;
    // A running backfill moves every page; the bar follows without the merchant reloading.
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2_000);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  return (
    <Page title="Channels">
      <BlockStack gap="400">
        {wooReturn ? <Banner tone={RETURN_BANNERS[wooReturn].tone}>{RETURN_BANNERS[wooReturn].text}</Banner> : null}
        {channels.length === 0 ? (
          <Card>
            <EmptyState heading="No channels connected" image="">
              <p>Install the app in Shopify or connect a WooCommerce store.</p>
            </EmptyState>
          </Card>
        ) : null}
        {channels.map((channel) => (
          <Card key={channel.id}>
            <BlockStack gap="300">
              <InlineStack align="space-between" blockAlign="center">
                <InlineStack gap="200" blockAlign="center">
                  <ChannelBadge kind={channel.kind} name={channel.name} />
                  <Text as="span" tone="subdued">
                    {channel.externalRef}
                  </Text>
                </InlineStack>
                <InlineStack gap="200" blockAlign="center">
                  <Badge tone={channel.status === "connected" ? "success" : "critical"}>{channel.status}</Badge>
                  <Button url={`/app/channels/${channel.id}`} accessibilityLabel={`Settings of ${channel.name}`}>
                    Settings
                  </Button>
                </InlineStack>
              </InlineStack>
              <Text as="p">
                {channel._count.listings} listings · {channel._count.orders} orders · last sync{" "}
                {channel.lastSyncAt ? formatDateTime(channel.lastSyncAt) : "never"}
              </Text>
              {channel.sync ? (
                <ChannelSyncStatus
                  channelId={channel.id}
                  connected={channel.status === "connected"}
                  view={channel.sync}
                />
              ) : null}
              {channel.kind === "shopify" ? (
                <Backfill channelId={channel.id} connected={channel.status === "connected"} view={channel.backfill} />
              ) : null}
              {channel.kind === "woocommerce" ? (
                <WooChannelPanel
                  channelId={channel.id}
                  name={channel.name}
                  connected={channel.status === "connected"}
                  health={channel.webhooks}
                />
              ) : null}
            </BlockStack>
          </Card>
        ))}
        <WooConnectCard locations={locations} encryptionReady={encryptionReady} oneClickHttps={oneClickHttps} />
      </BlockStack>
    </Page>
  );
}

function Backfill({
  channelId,
  connected,
  view,
}: {
  channelId: string;
  connected: boolean;
  view: BackfillView | null;
}) {
  const fetcher = useFetcher<BackfillAnswer>();
  useActionToast(fetcher.data);
  const [days, setDays] = useState(String(view?.days ?? 60));
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.fieldErrors : undefined;
  const queued = fetcher.data?.ok === true;
  const busy = fetcher.state !== "idle" || view?.status === "running";
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        Backfill
      </Text>
      {view ? (
        <BlockStack gap="100">
          <InlineStack align="space-between">
            <Text as="span">{view.label}</Text>
            <Text as="span" tone="subdued">
              {view.percent}% · last {view.days} days
            </Text>
          </InlineStack>
          <ProgressBar
            progress={view.percent}
            tone={view.status === "failed" ? "critical" : view.status === "done" ? "success" : "highlight"}
            ariaLabelledBy={`backfill-${channelId}`}
          />
          <Text as="p" tone="subdued" id={`backfill-${channelId}`}>
            {view.counts.listings} listings, {view.counts.levels} stock levels, {view.counts.orders} orders,{" "}
            {view.counts.fulfillments} fulfilments
            {view.counts.skipped > 0 ? `, ${view.counts.skipped} orders skipped (see the logs)` : ""}
            {view.finishedAt
              ? ` · finished ${formatDateTime(view.finishedAt)}`
              : ` · started ${formatDateTime(view.startedAt)}`}
          </Text>
          {view.error ? (
            <Banner tone="critical" title="The backfill stopped">
              <p>{view.error}. Running it again continues where it stopped.</p>
            </Banner>
          ) : null}
        </BlockStack>
      ) : (
        <Text as="p" tone="subdued">
          Not backfilled yet.
        </Text>
      )}
      {queued ? (
        <Banner tone="success" title="Backfill queued">
          <p>
            Products, stock and the orders of the last {fetcher.data?.ok ? fetcher.data.days : days} days are read
            again.
          </p>
        </Banner>
      ) : null}
      {errors?.channelId ? <Banner tone="critical">{errors.channelId.join(" ")}</Banner> : null}
      {connected ? (
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="backfill" />
          <input type="hidden" name="channelId" value={channelId} />
          <InlineStack gap="200" blockAlign="end">
            <div style={{ maxWidth: 160 }}>
              <TextField
                label="Orders of the last (days)"
                name="days"
                type="number"
                min={1}
                max={730}
                value={days}
                onChange={setDays}
                autoComplete="off"
                error={errors?.days?.join(" ")}
              />
            </div>
            <Button submit loading={fetcher.state !== "idle"} disabled={busy}>
              {view ? "Backfill again" : "Backfill"}
            </Button>
          </InlineStack>
        </fetcher.Form>
      ) : null}
    </BlockStack>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Channels" />;
}
