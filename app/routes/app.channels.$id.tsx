import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { z } from "zod";
import { requireShopContext } from "../auth/shop-context.server";
import { ChannelBadge } from "../components/channel-badge";
import { LocationMappingForm } from "../components/channel-settings/location-mapping-form";
import { RulesForm } from "../components/channel-settings/rules-form";
import { SkuMappingList } from "../components/channel-settings/sku-mapping-list";
import { ChannelSyncStatus } from "../components/channel-sync-status";
import { RouteError } from "../components/route-error";
import { getDb } from "../db.server";
import { formError, parseForm, readFormData } from "../forms.server";
import { getQueue } from "../queue.server";
import {
  ChannelRulesFormSchema,
  readChannelRules,
  SAVE_RULES_INTENT,
  saveChannelRules,
} from "../services/channels/channel-rules.server";
import {
  listLocationMappings,
  LocationMappingFormSchema,
  SAVE_LOCATIONS_INTENT,
  saveLocationMappings,
} from "../services/channels/location-mapping.server";
import { handleRetryDeadForm, RETRY_DEAD_INTENT } from "../services/channels/retry-dead-form.server";
import {
  listMappableItems,
  listUnmatchedSkus,
  MAP_SKU_INTENT,
  mapChannelSku,
  SkuMappingFormSchema,
} from "../services/channels/sku-mapping.server";
import { channelSyncViews } from "../services/channels/sync-status-view.server";
import { enqueuePlan } from "../services/sync/jobs.server";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.channel.name ?? "Channel"} settings · ChannelLedger` },
];

const ParamsSchema = z.object({ id: z.string().trim().min(1) });
const IntentSchema = z.object({
  intent: z.enum([SAVE_RULES_INTENT, SAVE_LOCATIONS_INTENT, MAP_SKU_INTENT, RETRY_DEAD_INTENT]),
});

async function requireChannel(request: Request, params: unknown) {
  const context = await requireShopContext(request);
  const parsed = ParamsSchema.safeParse(params);
  const channel = parsed.success
    ? await getDb().channel.findFirst({
        where: { id: parsed.data.id, shopId: context.shop.id },
        select: { id: true, name: true, kind: true, status: true, externalRef: true, settings: true },
      })
    : null;
  if (!channel) throw new Response("There is no such channel in this shop.", { status: 404 });
  return { context, channel };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { context, channel } = await requireChannel(request, params);
  const db = getDb();
  const shopId = context.shop.id;
  const [locations, unmatched, items, syncViews] = await Promise.all([
    listLocationMappings(db, shopId, channel.id),
    listUnmatchedSkus(db, shopId, channel.id),
    listMappableItems(db, shopId),
    channelSyncViews(db, shopId),
  ]);
  const { settings, ...shown } = channel;
  return {
    channel: shown,
    rules: readChannelRules(settings),
    locations,
    unmatched,
    items,
    sync: syncViews[channel.id],
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { context, channel } = await requireChannel(request, params);
  const db = getDb();
  const shopId = context.shop.id;
  const intent = IntentSchema.safeParse(Object.fromEntries(await readFormData(request.clone())));
  if (!intent.success) return formError({ intent: ["Unknown action"] }, { toast: "That action is not known here" });

  if (intent.data.intent === RETRY_DEAD_INTENT) {
    const form = Object.fromEntries(await readFormData(request));
    const outcome = await handleRetryDeadForm(
      db,
      { ...form, channelId: channel.id },
      { shopId },
      { queue: getQueue() },
    );
    return data(outcome.data, { status: outcome.status });
  }
  if (intent.data.intent === SAVE_RULES_INTENT) {
    const parsed = await parseForm(request, ChannelRulesFormSchema);
    if (!parsed.ok) return parsed.refusal;
    const { intent: _intent, ...rules } = parsed.data;
    const saved = await saveChannelRules(db, shopId, channel.id, rules);
    if (!saved) return formError({ form: ["There is no such channel in this shop"] }, { status: 404 });
    if (saved.listings > 0) await enqueuePlan(getQueue(), shopId);
    return { ok: true as const, toast: `Rules saved: ${plural(saved.listings, "listing")} re-planned` };
  }
  if (intent.data.intent === SAVE_LOCATIONS_INTENT) {
    const parsed = await parseForm(request, LocationMappingFormSchema);
    if (!parsed.ok) return parsed.refusal;
    const saved = await saveLocationMappings(db, shopId, channel.id, parsed.data);
    if (!saved.ok) return formError(saved.fieldErrors, { status: saved.status });
    if (saved.listings > 0) await enqueuePlan(getQueue(), shopId);
    const removed = saved.unmapped > 0 ? `, ${plural(saved.unmapped, "mapping")} removed` : "";
    return { ok: true as const, toast: `Locations saved${removed}` };
  }
  const parsed = await parseForm(request, SkuMappingFormSchema);
  if (!parsed.ok) return parsed.refusal;
  const { intent: _intent, ...input } = parsed.data;
  const mapped = await mapChannelSku(db, shopId, channel.id, input, { source: "ui", actor: context.actor });
  if (!mapped.ok) return formError(mapped.fieldErrors, { status: mapped.status, toast: "The SKU was not mapped" });
  const sent = input.sku || `“${input.title}”`;
  return { ok: true as const, toast: `${sent} mapped to ${mapped.itemSku}: ${plural(mapped.mapped, "line")} reserved` };
}

const plural = (count: number, one: string) => `${count} ${count === 1 ? one : `${one}s`}`;

export default function ChannelSettings() {
  const { channel, rules, locations, unmatched, items, sync } = useLoaderData<typeof loader>();
  const connected = channel.status === "connected";
  return (
    <Page
      title={`${channel.name} settings`}
      backAction={{ content: "Channels", url: "/app/channels" }}
      titleMetadata={<Badge tone={connected ? "success" : undefined}>{channel.status}</Badge>}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <InlineStack gap="200" blockAlign="center">
              <ChannelBadge kind={channel.kind} name={channel.name} />
              <Text as="p" tone="subdued">
                {channel.externalRef}
              </Text>
            </InlineStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <RulesForm rules={rules} channelName={channel.name} />
        </Layout.Section>
        <Layout.Section>
          <LocationMappingForm
            key={JSON.stringify(locations.mappings)}
            channelName={channel.name}
            mappings={locations.mappings}
            locations={locations.locations}
          />
        </Layout.Section>
        <Layout.Section>
          <SkuMappingList channelName={channel.name} unmatched={unmatched} items={items} />
        </Layout.Section>
        {sync ? (
          <Layout.Section>
            <Card>
              <ChannelSyncStatus channelId={channel.id} connected={connected} view={sync} />
            </Card>
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Channel settings" />;
}
