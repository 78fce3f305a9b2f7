import { Form, useLocation } from "@remix-run/react";
import { Button, Frame, InlineStack, Navigation, Text, TopBar } from "@shopify/polaris";
import type { ReactNode } from "react";
import { SECTIONS } from "./navigation";

const LOGO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="150" height="28"><text x="0" y="20" font-family="system-ui,sans-serif" font-size="17" font-weight="700" fill="#ffffff">ChannelLedger</text></svg>';
const LOGO = {
  topBarSource: `data:image/svg+xml,${encodeURIComponent(LOGO_SVG)}`,
  width: 150,
  url: "/app",
  accessibilityLabel: "ChannelLedger",
};

/** The standalone admin's chrome: what the Shopify admin provides around the embedded app. */
export function StandaloneFrame(props: { shopName: string; demo: boolean; children: ReactNode }) {
  const location = useLocation();
  const topBar = (
    <TopBar
      secondaryMenu={
        <InlineStack gap="300" blockAlign="center">
          {/* The top bar is dark: its text takes the inverse tones, or it fails contrast. */}
          <Text as="span" variant="bodyMd" fontWeight="semibold" tone="text-inverse">
            {props.shopName}
          </Text>
          {props.demo ? (
            <Text as="span" tone="text-inverse-secondary">
              Demo mode
            </Text>
          ) : (
            <Form method="post" action="/logout">
              <Text as="span" tone="text-inverse">
                <Button submit variant="monochromePlain">
                  Sign out
                </Button>
              </Text>
            </Form>
          )}
        </InlineStack>
      }
    />
  );
  const navigation = (
    <Navigation location={location.pathname}>
      <Navigation.Section
        title="ChannelLedger"
        items={SECTIONS.map((section) => ({
          label: section.label,
          url: section.url,
          exactMatch: "exact" in section ? section.exact : false,
        }))}
      />
    </Navigation>
  );
  return (
    <Frame topBar={topBar} navigation={navigation} logo={LOGO}>
      {props.children}
    </Frame>
  );
}
