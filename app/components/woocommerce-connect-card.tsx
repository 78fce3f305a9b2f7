import { useFetcher } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Divider,
  FormLayout,
  InlineStack,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import type { WooFormFailure, WooFormSuccess } from "../services/woocommerce/connect-form.server";
import { useActionToast } from "./toast";

// The channels screen's "Connect WooCommerce" card: one click through WooCommerce's key grant (store URL only), or
// the store URL with keys made by hand. Both post to the channels route; field errors come back on their fields and
// the outcome as a toast.

type Result = WooFormSuccess | WooFormFailure;

function fieldError(result: Result | undefined, field: keyof WooFormFailure["fieldErrors"]) {
  return result && !result.ok ? result.fieldErrors[field]?.join(" ") : undefined;
}

function FormErrors({ result }: { result: Result | undefined }) {
  if (!result || result.ok || result.formErrors.length === 0) return null;
  return (
    <Banner tone="critical" title="The store could not be connected">
      <p>{result.formErrors.join(" ")}</p>
    </Banner>
  );
}

function OneClick({ oneClickHttps }: { oneClickHttps: boolean }) {
  const fetcher = useFetcher<Result>();
  useActionToast(fetcher.data);
  const [url, setUrl] = useState("");
  return (
    <fetcher.Form method="post">
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          One click
        </Text>
        <Text as="p" tone="subdued">
          You approve the connection on your store&apos;s WooCommerce screen; it sends us keys for this app alone.
        </Text>
        {oneClickHttps ? null : (
          <Banner tone="warning">
            <p>
              WooCommerce only sends keys to an https address: ChannelLedger must run at a public https APP_URL for one
              click. Use the keys below otherwise.
            </p>
          </Banner>
        )}
        <FormErrors result={fetcher.data} />
        <input type="hidden" name="intent" value="woo-authorize" />
        <InlineStack gap="200" blockAlign="end" wrap={false}>
          <div style={{ flexGrow: 1 }}>
            <TextField
              label="Store URL"
              name="url"
              placeholder="https://shop.example.com"
              value={url}
              onChange={setUrl}
              autoComplete="url"
              error={fieldError(fetcher.data, "url")}
            />
          </div>
          <Button submit variant="primary" loading={fetcher.state !== "idle"}>
            Connect with WooCommerce
          </Button>
        </InlineStack>
      </BlockStack>
    </fetcher.Form>
  );
}

function Manual({ locations }: { locations: { id: string; name: string }[] }) {
  const fetcher = useFetcher<Result>();
  useActionToast(fetcher.data);
  const [fields, setFields] = useState({ url: "", consumerKey: "", consumerSecret: "", locationId: "" });
  const set = (name: keyof typeof fields) => (value: string) => setFields((current) => ({ ...current, [name]: value }));
  const result = fetcher.data;
  const connected = result?.ok && result.intent === "woo-connect" ? result : undefined;
  // The secret is not kept on screen once it has been stored (encrypted); adjusted while rendering, once per answer.
  const [cleared, setCleared] = useState<Result | undefined>(undefined);
  if (connected && cleared !== connected) {
    setCleared(connected);
    setFields({ url: "", consumerKey: "", consumerSecret: "", locationId: "" });
  }
  return (
    <fetcher.Form method="post">
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          With API keys
        </Text>
        <Text as="p" tone="subdued">
          In WordPress: WooCommerce &gt; Settings &gt; Advanced &gt; REST API &gt; Add key, with Read/Write permission.
        </Text>
        {connected ? (
          <Banner tone={connected.webhooksOk ? "success" : "warning"} title={`${connected.name} connected`}>
            <p>
              {connected.webhooksOk
                ? "Webhooks are registered and the store's products and orders are being imported."
                : "Some webhooks could not be registered: see the channel below and repair them. Polling keeps the data current meanwhile."}
            </p>
          </Banner>
        ) : null}
        <FormErrors result={result?.ok === false && result.intent === "woo-connect" ? result : undefined} />
        <input type="hidden" name="intent" value="woo-connect" />
        <FormLayout>
          <TextField
            label="Store URL"
            name="url"
            placeholder="https://shop.example.com"
            value={fields.url}
            onChange={set("url")}
            autoComplete="url"
            error={fieldError(result, "url")}
          />
          <FormLayout.Group>
            <TextField
              label="Consumer key"
              name="consumerKey"
              placeholder="ck_..."
              value={fields.consumerKey}
              onChange={set("consumerKey")}
              autoComplete="off"
              error={fieldError(result, "consumerKey")}
            />
            <TextField
              label="Consumer secret"
              name="consumerSecret"
              type="password"
              placeholder="cs_..."
              value={fields.consumerSecret}
              onChange={set("consumerSecret")}
              autoComplete="off"
              error={fieldError(result, "consumerSecret")}
            />
          </FormLayout.Group>
          <Select
            label="Stock location"
            name="locationId"
            helpText="The ledger location whose stock the store sells."
            options={[
              { label: locations.length ? "The shop's first location" : "A new location, Warehouse", value: "" },
              ...locations.map((location) => ({ label: location.name, value: location.id })),
            ]}
            value={fields.locationId}
            onChange={set("locationId")}
            error={fieldError(result, "locationId")}
          />
          <Button submit loading={fetcher.state !== "idle"}>
            Connect
          </Button>
        </FormLayout>
      </BlockStack>
    </fetcher.Form>
  );
}

export function WooConnectCard(props: {
  locations: { id: string; name: string }[];
  encryptionReady: boolean;
  oneClickHttps: boolean;
}) {
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          Connect WooCommerce
        </Text>
        {props.encryptionReady ? null : (
          <Banner tone="warning" title="Store keys cannot be saved yet">
            <p>
              ENCRYPTION_KEY is not set. Store keys are only ever kept encrypted; set it (openssl rand -hex 32) and
              restart.
            </p>
          </Banner>
        )}
        <OneClick oneClickHttps={props.oneClickHttps} />
        <Divider />
        <Manual locations={props.locations} />
      </BlockStack>
    </Card>
  );
}
