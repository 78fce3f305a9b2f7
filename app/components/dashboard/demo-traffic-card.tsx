import { useFetcher, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useId, useState } from "react";
import type { DemoTrafficStatus } from "../../services/demo/traffic-control.server";
import { fieldError, type FormAnswer } from "../inventory/form-answer";
import { useActionToast } from "../toast";

const REFRESH_MS = 10_000;

/**
 * `npm run demo` only: the simulated shoppers behind the demo stores. Pausing gives a quiet shop to practise on; a
 * higher rate shows the ledger under load. While they shop, the dashboard refreshes itself so the orders show up.
 */
export function DemoTrafficCard(props: { traffic: DemoTrafficStatus }) {
  const { traffic } = props;
  const fetcher = useFetcher<FormAnswer>();
  useActionToast(fetcher.data);
  const [rate, setRate] = useState(String(traffic.ratePerMinute));
  const busyWith = fetcher.state === "idle" ? null : fetcher.formData?.get("intent");
  const headingId = useId();

  // The router's own revalidate: the same function on every render, so the timer is set once per run state.
  const { revalidate } = useRevalidator();
  useEffect(() => {
    if (!traffic.running) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") revalidate();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [traffic.running, revalidate]);

  return (
    <Card>
      <section aria-labelledby={headingId}>
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="center">
            <Text as="h2" variant="headingMd" id={headingId}>
              Demo traffic
            </Text>
            <Badge tone={traffic.running ? "success" : "attention"}>{traffic.running ? "Running" : "Paused"}</Badge>
          </InlineStack>
          <Text as="p">
            Simulated shoppers buy what the demo stores show in stock, at about {traffic.ratePerMinute} orders a minute.
            Their orders reach the ledger through the real connectors, as from live stores.
            {traffic.running ? " This page refreshes every 10 seconds." : ""}
          </Text>
          <InlineStack gap="400">
            {traffic.stores.map((store) => (
              <Text as="p" key={store.name}>
                <Text as="span" fontWeight="semibold">
                  {store.name}:
                </Text>{" "}
                {store.orders} {store.orders === 1 ? "order" : "orders"} placed
              </Text>
            ))}
            <Text as="p" tone="subdued">
              {traffic.deliveries} low items restocked by deliveries
            </Text>
          </InlineStack>
          {traffic.lastError ? (
            <Text as="p" tone="critical">
              Last problem: {traffic.lastError}
            </Text>
          ) : null}
          <fetcher.Form method="post">
            <input type="hidden" name="intent" value="set-rate" />
            <InlineStack gap="200" blockAlign="end">
              <div style={{ maxWidth: 200 }}>
                <TextField
                  label="Orders per minute"
                  name="rate"
                  inputMode="decimal"
                  value={rate}
                  onChange={setRate}
                  autoComplete="off"
                  error={fieldError(fetcher.data, "rate")}
                />
              </div>
              <Button submit loading={busyWith === "set-rate"}>
                Set rate
              </Button>
              <Button
                variant="primary"
                loading={busyWith === "pause" || busyWith === "resume"}
                onClick={() => fetcher.submit({ intent: traffic.running ? "pause" : "resume" }, { method: "post" })}
              >
                {traffic.running ? "Pause" : "Resume"}
              </Button>
            </InlineStack>
          </fetcher.Form>
        </BlockStack>
      </section>
    </Card>
  );
}
