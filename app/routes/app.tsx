import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { requireShopContext } from "../auth/shop-context.server";
import { getConfig } from "../config.server";
import { SECTIONS } from "../components/navigation";
import { EmbeddedNavigationLoading, StandaloneNavigationLoading } from "../components/navigation-loading";
import { StandaloneFrame } from "../components/standalone-frame";
import { EmbeddedToasts, StandaloneToasts } from "../components/toast";

export async function loader({ request }: LoaderFunctionArgs) {
  const context = await requireShopContext(request);
  const config = getConfig();
  return {
    mode: context.mode,
    shopName: context.shop.name,
    apiKey: config.SHOPIFY_API_KEY ?? "",
    demo: config.DEMO_MODE,
  };
}

export default function AppLayout() {
  const { mode, shopName, apiKey, demo } = useLoaderData<typeof loader>();
  if (mode === "embedded") {
    return (
      <AppProvider isEmbeddedApp apiKey={apiKey}>
        <NavMenu>
          {SECTIONS.map((section) => (
            <Link key={section.url} to={section.url} rel={section.url === "/app" ? "home" : undefined}>
              {section.label}
            </Link>
          ))}
        </NavMenu>
        <EmbeddedNavigationLoading />
        <EmbeddedToasts>
          <Outlet />
        </EmbeddedToasts>
      </AppProvider>
    );
  }
  return (
    <AppProvider isEmbeddedApp={false} apiKey={apiKey}>
      <StandaloneFrame shopName={shopName} demo={demo}>
        <StandaloneNavigationLoading />
        <StandaloneToasts>
          <Outlet />
        </StandaloneToasts>
      </StandaloneFrame>
    </AppProvider>
  );
}

// Shopify needs Remix to catch its thrown responses so their headers reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
