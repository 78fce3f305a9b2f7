import { useNavigation } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Loading } from "@shopify/polaris";
import { useEffect } from "react";

/** Standalone: the Frame's loading bar while the next screen's loader runs. */
export function StandaloneNavigationLoading() {
  return useNavigation().state === "loading" ? <Loading /> : null;
}

/** Inside the Shopify admin: the admin's own loading bar, through App Bridge. */
export function EmbeddedNavigationLoading() {
  const shopify = useAppBridge();
  const loading = useNavigation().state === "loading";
  useEffect(() => {
    shopify.loading(loading);
  }, [shopify, loading]);
  return null;
}
