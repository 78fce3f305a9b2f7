import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppProvider, BlockStack, Card, Page, Text } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { requireOperator } from "../auth/operator.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOperator(request);
  return null;
}

// Shown to an operator before any shop exists.
export default function Setup() {
  return (
    <AppProvider i18n={en}>
      <Page title="No shop yet">
        <Card>
          <BlockStack gap="200">
            <Text as="p">Install the app in a Shopify store, or create a standalone shop from the command line:</Text>
            <Text as="p" variant="bodyMd" fontWeight="semibold">
              <code>npm run cli -- shop create --name &quot;My shop&quot;</code>
            </Text>
          </BlockStack>
        </Card>
      </Page>
    </AppProvider>
  );
}
