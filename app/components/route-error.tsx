import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page, Text } from "@shopify/polaris";

/**
 * A screen's error state: what went wrong in the merchant's words, inside the admin's chrome, so the navigation still
 * works. 404s and 400s say what was not found or not understood; anything else is ours.
 */
export function RouteError(props: { title: string }) {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : undefined;
  const heading =
    status === 404
      ? "Not found"
      : status === 400
        ? "That request was not understood"
        : status === 403
          ? "Not allowed"
          : "Something went wrong on our side";
  return (
    <Page title={props.title}>
      <Banner tone={status >= 500 ? "critical" : "warning"} title={heading}>
        <Text as="p">
          {detail ??
            (status >= 500
              ? "The page could not be loaded. Try again in a moment; if it keeps happening, the server log has the details."
              : "Check the address or go back to the list.")}
        </Text>
      </Banner>
    </Page>
  );
}
