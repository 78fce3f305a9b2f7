import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  FormLayout,
  IndexTable,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { requireShopContext } from "../auth/shop-context.server";
import { ConfirmModal } from "../components/confirm-modal";
import { formatDateTime } from "../components/format";
import { RouteError } from "../components/route-error";
import { useActionToast } from "../components/toast";
import { getDb } from "../db.server";
import { formError, parseForm } from "../forms.server";
import { createApiKey, listApiKeys, revokeApiKey } from "../services/api-keys.server";

export const meta: MetaFunction = () => [{ title: "Settings · ChannelLedger" }];

const SettingsActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create-api-key"), name: z.string().trim().min(1, "Name the key").max(80) }),
  z.object({ intent: z.literal("revoke-api-key"), id: z.string().min(1) }),
]);

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, mode } = await requireShopContext(request);
  return { shop, mode, apiKeys: await listApiKeys(getDb(), shop.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const parsed = await parseForm(request, SettingsActionSchema);
  if (!parsed.ok) return parsed.refusal;
  if (parsed.data.intent === "create-api-key") {
    const { key, apiKey } = await createApiKey(getDb(), { shopId: shop.id, name: parsed.data.name });
    return {
      ok: true as const,
      createdKey: key,
      createdName: apiKey.name,
      toast: `API key “${apiKey.name}” created`,
    };
  }
  const revoked = await revokeApiKey(getDb(), { shopId: shop.id, id: parsed.data.id });
  if (!revoked) return formError({ id: ["No such key"] }, { status: 404, toast: "There is no such API key" });
  return { ok: true as const, revoked: parsed.data.id, toast: "API key revoked" };
}

export default function Settings() {
  const { shop, mode, apiKeys } = useLoaderData<typeof loader>();
  const create = useFetcher<typeof action>();
  const revoke = useFetcher<typeof action>();
  useActionToast(create.data);
  useActionToast(revoke.data);
  const [name, setName] = useState("");
  const [confirming, setConfirming] = useState<{ id: string; name: string } | null>(null);
  const created = create.data && "createdKey" in create.data ? create.data : undefined;
  const nameError = create.data && !create.data.ok ? create.data.fieldErrors.name : undefined;
  const revoking = revoke.state !== "idle" ? revoke.formData?.get("id") : null;
  // The name stays while a refusal is corrected; a created key clears it for the next one (once per answer).
  const [cleared, setCleared] = useState<typeof created>(undefined);
  if (created && cleared !== created) {
    setCleared(created);
    setName("");
  }

  return (
    <Page title="Settings">
      <Layout>
        <Layout.AnnotatedSection title="Shop" description="The tenant every record belongs to.">
          <Card>
            <BlockStack gap="100">
              <Text as="p">
                <Text as="span" fontWeight="semibold">
                  {shop.name}
                </Text>{" "}
                · currency {shop.currency} · {mode === "embedded" ? "inside Shopify admin" : "standalone admin"}
              </Text>
              <Text as="p" tone="subdued">
                Shop id: {shop.id}
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          title="API keys"
          description="For ERPs, warehouses and 3PLs using the REST API. A key is shown once; only its hash is stored."
        >
          <BlockStack gap="400">
            {created ? (
              <Banner tone="success" title={`Key “${created.createdName}” created`}>
                <BlockStack gap="200">
                  <Text as="p">Copy it now; it will not be shown again.</Text>
                  <Text as="p" fontWeight="semibold" breakWord>
                    <code data-testid="created-api-key">{created.createdKey}</code>
                  </Text>
                </BlockStack>
              </Banner>
            ) : null}
            <Card>
              <create.Form method="post">
                <FormLayout>
                  <input type="hidden" name="intent" value="create-api-key" />
                  <TextField
                    label="Key name"
                    name="name"
                    value={name}
                    onChange={setName}
                    autoComplete="off"
                    error={nameError?.[0]}
                  />
                  <Button submit loading={create.state !== "idle"}>
                    Create API key
                  </Button>
                </FormLayout>
              </create.Form>
            </Card>
            <Card padding="0">
              {apiKeys.length === 0 ? (
                <EmptyState heading="No API keys" image="">
                  <p>Create a key to let another system read orders and stock.</p>
                </EmptyState>
              ) : (
                <IndexTable
                  resourceName={{ singular: "API key", plural: "API keys" }}
                  itemCount={apiKeys.length}
                  selectable={false}
                  headings={[
                    { title: "Name" },
                    { title: "Starts with" },
                    { title: "Last used" },
                    { title: "Status" },
                    { title: "" },
                  ]}
                >
                  {apiKeys.map((key, index) => (
                    <IndexTable.Row id={key.id} key={key.id} position={index}>
                      <IndexTable.Cell>{key.name}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <code>{key.prefix}…</code>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "never"}</IndexTable.Cell>
                      <IndexTable.Cell>{key.revokedAt ? "revoked" : "active"}</IndexTable.Cell>
                      <IndexTable.Cell>
                        {key.revokedAt ? null : (
                          <InlineStack align="end">
                            <Button
                              tone="critical"
                              variant="plain"
                              loading={revoking === key.id}
                              accessibilityLabel={`Revoke ${key.name}`}
                              onClick={() => setConfirming({ id: key.id, name: key.name })}
                            >
                              Revoke
                            </Button>
                          </InlineStack>
                        )}
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              )}
            </Card>
          </BlockStack>
        </Layout.AnnotatedSection>
      </Layout>
      <ConfirmModal
        open={confirming !== null}
        title={`Revoke “${confirming?.name ?? ""}”?`}
        confirmLabel="Revoke key"
        loading={revoke.state !== "idle"}
        onConfirm={() => {
          if (confirming) revoke.submit({ intent: "revoke-api-key", id: confirming.id }, { method: "post" });
          setConfirming(null);
        }}
        onClose={() => setConfirming(null)}
      >
        Systems using this key lose access at once. This cannot be undone.
      </ConfirmModal>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Settings" />;
}
