import { missingArgs, oneOf, string, validateArgs } from "../args";
import { collectionArgs, filterCollection, paginate, sortCollection } from "../collection";
import { WcError } from "../errors";
import { CREATABLE, DELETABLE, EDITABLE, READABLE, type Route, type RouteContext } from "../rest";
import type { SimWebhookRecord } from "../state";
import { createWebhook, updateWebhook, WEBHOOK_STATUSES, webhookToJson } from "../webhooks";

// /webhooks: list, create (which pings the delivery URL before answering 201, whatever the ping's outcome), read,
// update (re-enable a disabled webhook with status "active") and delete (force=true only; there is no trash).

const writeArgs = {
  name: string(),
  status: oneOf(WEBHOOK_STATUSES),
  topic: string(),
  secret: string(),
  delivery_url: string(),
};

const listArgs = {
  ...collectionArgs(["date", "id", "title"] as const),
  status: oneOf(["all", ...WEBHOOK_STATUSES] as const),
};

function webhookOf(c: RouteContext): SimWebhookRecord {
  const record = c.store.state.webhooks.get(c.ids[0]!);
  if (!record) throw new WcError("woocommerce_rest_webhook_invalid_id", "Invalid ID.", 404);
  return record;
}

const context = (c: RouteContext) => (c.query.context === "edit" ? "edit" : "view");

export const webhookRoutes: Route[] = [
  {
    methods: READABLE,
    path: /^\/webhooks$/,
    permission: "list",
    args: listArgs,
    handle: (c) => {
      const args = validateArgs(listArgs, c.query);
      const status = args.status ?? "all";
      const records = [...c.store.state.webhooks.values()].filter(
        (record) => status === "all" || record.status === status,
      );
      const filtered = filterCollection(records, args, c.store.state.utcOffsetMinutes);
      const sorted = sortCollection(filtered, args, { orderby: "date", order: "desc" });
      const page = paginate(sorted, args, c.url, `${c.store.url}/wp-json/wc/v3/webhooks`);
      return {
        body: page.items.map((record) => webhookToJson(c.store.state, record, context(c))),
        headers: page.headers,
      };
    },
  },
  {
    methods: CREATABLE,
    path: /^\/webhooks$/,
    permission: "create",
    handle: async (c) => {
      const input = await c.input();
      missingArgs(["topic", "delivery_url"], input);
      const record = createWebhook(c.store.state, c.store.ctx.clock, validateArgs(writeArgs, input));
      await c.store.ping(record);
      return { body: webhookToJson(c.store.state, record, "edit"), status: 201 };
    },
  },
  {
    methods: READABLE,
    path: /^\/webhooks\/(\d+)$/,
    permission: "view",
    handle: (c) => ({ body: webhookToJson(c.store.state, webhookOf(c), context(c)) }),
  },
  {
    methods: EDITABLE,
    path: /^\/webhooks\/(\d+)$/,
    permission: "edit",
    handle: async (c) => {
      const record = webhookOf(c);
      updateWebhook(record, c.store.ctx.clock, validateArgs(writeArgs, await c.input()));
      return { body: webhookToJson(c.store.state, record, "edit") };
    },
  },
  {
    methods: DELETABLE,
    path: /^\/webhooks\/(\d+)$/,
    permission: "delete",
    handle: (c) => {
      const record = webhookOf(c);
      if (c.query.force !== "true" && c.query.force !== "1")
        throw new WcError("woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.", 501);
      const body = webhookToJson(c.store.state, record, "edit");
      c.store.state.webhooks.delete(record.id);
      return { body };
    },
  },
];
