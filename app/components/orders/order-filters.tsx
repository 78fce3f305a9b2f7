import { useSearchParams } from "@remix-run/react";
import { BlockStack, ChoiceList, Filters, TextField } from "@shopify/polaris";
import { useEffect, useRef, useState } from "react";

type Channel = { id: string; name: string };

const STATUS_CHOICES = [
  { label: "Open", value: "open" },
  { label: "Cancelled", value: "cancelled" },
  { label: "Closed", value: "closed" },
];
const FULFILMENT_CHOICES = [
  { label: "Unfulfilled", value: "unfulfilled" },
  { label: "Partially fulfilled", value: "partial" },
  { label: "Fulfilled", value: "fulfilled" },
];
const SEARCH_DELAY_MS = 350;

/** The list's filters and search live in the URL, so a filtered list can be bookmarked, shared and reloaded. */
export function useOrderListParams() {
  const [searchParams, setSearchParams] = useSearchParams();
  const apply = (changes: Record<string, string | undefined>) =>
    setSearchParams(
      (previous) => {
        // Other parameters (the embedded admin's shop and host) stay; any change starts from the first page.
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        next.delete("cursor");
        next.delete("before");
        return next;
      },
      { preventScrollReset: true },
    );
  const page = (key: "cursor" | "before", value: string) =>
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.delete("cursor");
        next.delete("before");
        next.set(key, value);
        return next;
      },
      { preventScrollReset: true },
    );
  return { searchParams, apply, page };
}

export function OrderFilters(props: { channels: Channel[] }) {
  const { searchParams, apply } = useOrderListParams();
  const get = (key: string) => searchParams.get(key) ?? "";
  const q = get("q");
  const [query, setQuery] = useState(q);
  // The URL wins when it changes from elsewhere (back button, "Clear all").
  const [shownQ, setShownQ] = useState(q);
  if (q !== shownQ) {
    setShownQ(q);
    setQuery(q);
  }
  const applyLatest = useRef(apply);
  useEffect(() => {
    applyLatest.current = apply;
  });
  useEffect(() => {
    if (query.trim() === q.trim()) return;
    const timer = setTimeout(() => applyLatest.current({ q: query.trim() || undefined }), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, q]);

  const choice = (key: string, title: string, choices: { label: string; value: string }[]) => (
    <ChoiceList
      title={title}
      titleHidden
      choices={choices}
      selected={get(key) ? [get(key)] : []}
      onChange={(selected) => apply({ [key]: selected[0] })}
    />
  );
  const labelOf = (choices: { label: string; value: string }[], value: string) =>
    choices.find((entry) => entry.value === value)?.label ?? value;
  const channelChoices = props.channels.map((channel) => ({ label: channel.name, value: channel.id }));

  const from = get("placedFrom");
  const to = get("placedTo");
  const applied = [
    get("status") && { key: "status", label: `Status: ${labelOf(STATUS_CHOICES, get("status"))}` },
    get("fulfillment") && {
      key: "fulfillment",
      label: `Fulfilment: ${labelOf(FULFILMENT_CHOICES, get("fulfillment"))}`,
    },
    get("channelId") && { key: "channelId", label: `Channel: ${labelOf(channelChoices, get("channelId"))}` },
    (from || to) && {
      key: "placed",
      label: `Placed ${from ? `from ${from}` : ""}${from && to ? " " : ""}${to ? `to ${to}` : ""}`,
    },
  ]
    .filter((entry): entry is { key: string; label: string } => Boolean(entry))
    .map((entry) => ({
      ...entry,
      onRemove: () =>
        entry.key === "placed"
          ? apply({ placedFrom: undefined, placedTo: undefined })
          : apply({ [entry.key]: undefined }),
    }));

  return (
    <Filters
      queryValue={query}
      queryPlaceholder="Search order number, customer or SKU"
      onQueryChange={setQuery}
      onQueryClear={() => {
        setQuery("");
        apply({ q: undefined });
      }}
      filters={[
        { key: "status", label: "Status", pinned: true, filter: choice("status", "Status", STATUS_CHOICES) },
        {
          key: "fulfillment",
          label: "Fulfilment",
          pinned: true,
          filter: choice("fulfillment", "Fulfilment", FULFILMENT_CHOICES),
        },
        { key: "channelId", label: "Channel", pinned: true, filter: choice("channelId", "Channel", channelChoices) },
        {
          key: "placed",
          label: "Placed",
          pinned: true,
          filter: (
            <BlockStack gap="200">
              <TextField
                label="Placed from"
                type="date"
                autoComplete="off"
                value={from}
                onChange={(value) => apply({ placedFrom: value || undefined })}
              />
              <TextField
                label="Placed to"
                type="date"
                autoComplete="off"
                value={to}
                onChange={(value) => apply({ placedTo: value || undefined })}
              />
            </BlockStack>
          ),
        },
      ]}
      appliedFilters={applied}
      onClearAll={() => {
        setQuery("");
        apply({
          q: undefined,
          status: undefined,
          fulfillment: undefined,
          channelId: undefined,
          placedFrom: undefined,
          placedTo: undefined,
        });
      }}
    />
  );
}
