import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  EmptyState,
  Form,
  FormLayout,
  Page,
  Select,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requireShopContext } from "../auth/shop-context.server";
import { CountReview, type CountDifferenceRow } from "../components/inventory/count-review";
import { CountSheet } from "../components/inventory/count-sheet";
import { RouteError } from "../components/route-error";
import { useActionToast } from "../components/toast";
import { getDb } from "../db.server";
import { formError, parseForm } from "../forms.server";
import { MAX_ADJUST_QUANTITY } from "../services/ledger/adjust-stock.server";
import {
  CountSessionIdSchema,
  CycleCountError,
  postCycleCount,
  reviewCycleCount,
} from "../services/ledger/cycle-count.server";
import { COUNT_SHEET_LIMIT, listCountSheet } from "../services/read/inventory.server";

export const meta: MetaFunction = () => [{ title: "Cycle count · Inventory · ChannelLedger" }];

// One field per counted item, `count.<itemId>`, so a refusal lands on the item's own field.
const COUNT_FIELD = "count.";

const CountFormSchema = z
  .looseObject({
    intent: z.enum(["review", "post"]),
    locationId: z.string().min(1, "Choose a location"),
    sessionId: CountSessionIdSchema,
    note: z.string().trim().max(200, "At most 200 characters").optional(),
  })
  .transform((form, ctx) => {
    const counts: { itemId: string; countedQuantity: number }[] = [];
    for (const [key, raw] of Object.entries(form)) {
      if (!key.startsWith(COUNT_FIELD)) continue;
      const text = typeof raw === "string" ? raw.trim() : null;
      if (text === "") continue;
      const issue = (message: string) => ctx.addIssue({ code: "custom", path: [key], message });
      if (text === null || !/^-?\d{1,10}$/.test(text)) issue("Enter a whole number of units");
      else if (Number(text) < 0) issue("A count cannot be negative");
      else if (Number(text) > MAX_ADJUST_QUANTITY) issue("That is more units than a count can hold");
      else counts.push({ itemId: key.slice(COUNT_FIELD.length), countedQuantity: Number(text) });
    }
    if (counts.length === 0 && ctx.issues.length === 0) {
      ctx.addIssue({ code: "custom", path: [], message: "Enter at least one counted quantity" });
    }
    return { intent: form.intent, locationId: form.locationId, sessionId: form.sessionId, note: form.note, counts };
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const params = new URL(request.url).searchParams;
  const search = params.get("q")?.trim().slice(0, 100) ?? "";
  const sheet = await listCountSheet(getDb(), shop.id, { locationId: params.get("location") ?? undefined, search });
  if (params.get("location") && !sheet.location) throw new Response("This shop has no such location.", { status: 404 });
  // A new session per render: a double submit of "Post count" posts once, and the next count starts afresh.
  return { ...sheet, search, limit: COUNT_SHEET_LIMIT, sessionId: randomUUID() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop, actor } = await requireShopContext(request);
  const parsed = await parseForm(request, CountFormSchema);
  if (!parsed.ok) return parsed.refusal;
  const form = parsed.data;
  try {
    if (form.intent === "review") {
      const review = await reviewCycleCount(getDb(), shop.id, form);
      return { ok: true as const, review: { differences: review.differences, unchanged: review.unchanged } };
    }
    const posted = await postCycleCount(getDb(), shop.id, { ...form, source: "ui", actor });
    const changed = posted.posted.length;
    const toast = posted.replayed
      ? "This count was already posted"
      : changed === 0
        ? "Nothing to post: every count matches on hand"
        : `Count posted at ${posted.location.name}: ${changed} ${changed === 1 ? "item" : "items"} changed`;
    return { ok: true as const, posted: true, toast };
  } catch (error) {
    if (!(error instanceof CycleCountError)) throw error;
    if (error.code === "unknown_location") {
      return formError({ locationId: ["No such location"] }, { status: 404, toast: "That location does not exist" });
    }
    const message = error.code === "unknown_item" ? "This item no longer exists" : error.message;
    const fieldErrors = Object.fromEntries(error.itemIds.map((itemId) => [`${COUNT_FIELD}${itemId}`, [message]]));
    return formError(error.itemIds.length > 0 ? fieldErrors : { form: [error.message] }, { toast: error.message });
  }
}

type CountAnswer =
  | { ok: true; review: { differences: CountDifferenceRow[]; unchanged: number } }
  | { ok: true; posted: true; toast: string }
  | { ok: false; toast: string; fieldErrors: Record<string, string[] | undefined> };

export default function CycleCount() {
  const { locations, location, items, more, limit, search, sessionId } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const review = useFetcher<CountAnswer>();
  const post = useFetcher<CountAnswer>();
  useActionToast(review.data);
  useActionToast(post.data);
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [note, setNote] = useState("");
  const [text, setText] = useState(search);
  const [reviewed, setReviewed] = useState(false);

  // A posted count starts a fresh sheet; a fresh review shows until a count is edited again.
  const [seenPost, setSeenPost] = useState(post.data);
  if (post.data !== seenPost) {
    setSeenPost(post.data);
    if (post.data?.ok) {
      setCounts({});
      setNote("");
      setReviewed(false);
    }
  }
  const [seenReview, setSeenReview] = useState(review.data);
  if (review.data !== seenReview) {
    setSeenReview(review.data);
    setReviewed(review.data?.ok === true);
  }

  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(searchParams);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    navigate(`?${next.toString()}`);
  };
  const submit = (fetcher: typeof review, intent: "review" | "post") => {
    const entries = Object.entries(counts).filter(([, value]) => value.trim() !== "");
    fetcher.submit(
      {
        intent,
        locationId: location?.id ?? "",
        sessionId,
        note,
        ...Object.fromEntries(entries.map(([itemId, value]) => [`count.${itemId}`, value])),
      },
      { method: "post" },
    );
  };

  const refusal = review.data && !review.data.ok ? review.data : post.data && !post.data.ok ? post.data : undefined;
  const errors = Object.fromEntries(
    Object.entries(refusal?.fieldErrors ?? {}).flatMap(([key, messages]) =>
      key.startsWith("count.") && messages?.[0] ? [[key.slice("count.".length), messages[0]]] : [],
    ),
  );
  const reviewResult = reviewed && review.data && "review" in review.data ? review.data.review : null;

  return (
    <Page backAction={{ content: "Inventory", url: "/app/inventory" }} title="Cycle count">
      {!location ? (
        <Card>
          <EmptyState heading="No location to count" image="">
            <p>Stock is counted at a location; locations come from your channels.</p>
          </EmptyState>
        </Card>
      ) : (
        <BlockStack gap="400">
          <Card>
            <FormLayout>
              <FormLayout.Group>
                <Select
                  label="Location"
                  options={locations.map((candidate) => ({ label: candidate.name, value: candidate.id }))}
                  value={location.id}
                  onChange={(locationId) => {
                    setCounts({});
                    go({ location: locationId });
                  }}
                />
                <Form onSubmit={() => go({ q: text.trim() })}>
                  <TextField
                    label="Only items matching (SKU or title)"
                    value={text}
                    onChange={setText}
                    autoComplete="off"
                    connectedRight={<Button submit>Filter</Button>}
                  />
                </Form>
              </FormLayout.Group>
            </FormLayout>
          </Card>
          {refusal?.fieldErrors.form ? <Banner tone="critical">{refusal.fieldErrors.form[0]}</Banner> : null}
          {reviewResult ? (
            <CountReview
              locationName={location.name}
              differences={reviewResult.differences}
              unchanged={reviewResult.unchanged}
              posting={post.state !== "idle"}
              onPost={() => submit(post, "post")}
              onEdit={() => setReviewed(false)}
            />
          ) : null}
          <Card padding="0">
            {items.length === 0 ? (
              <EmptyState heading={search ? "No items match" : "No inventory items yet"} image="">
                <p>{search ? "Try another SKU or title." : "Items appear when a channel's catalog is imported."}</p>
              </EmptyState>
            ) : (
              <CountSheet
                items={items}
                locationName={location.name}
                counts={counts}
                errors={errors}
                onChange={(itemId, value) => {
                  setCounts((current) => ({ ...current, [itemId]: value }));
                  setReviewed(false);
                }}
              />
            )}
          </Card>
          {more ? (
            <Banner tone="info">{`Only the first ${limit} items are listed: filter to count the rest.`}</Banner>
          ) : null}
          <Card>
            <FormLayout>
              <TextField
                label="Note (optional)"
                value={note}
                onChange={setNote}
                autoComplete="off"
                maxLength={200}
                helpText="Saved with every count movement, for example the aisle or who counted."
                error={refusal?.fieldErrors.note?.[0]}
              />
              <Box>
                <Button variant="primary" loading={review.state !== "idle"} onClick={() => submit(review, "review")}>
                  Review
                </Button>
              </Box>
            </FormLayout>
          </Card>
        </BlockStack>
      )}
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Cycle count" />;
}
