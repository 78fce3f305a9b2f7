import WooCommerceRestApi from "@woocommerce/woocommerce-rest-api";
import { http, HttpResponse, type RequestHandler } from "msw";

// Shared by this folder's tests: the real client library, an msw webhook receiver that keeps the raw bytes, and a
// way to read the {code, message, data} of a refused request.

export const KEYS = {
  consumerKey: "ck_5f0c7e8a0b1d4c2e9f3a6b7c8d9e0f1a2b3c4d5e",
  consumerSecret: "cs_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
};

export function wooClient(
  url: string,
  options: { queryStringAuth?: boolean; timeout?: number; keys?: typeof KEYS } = {},
): WooCommerceRestApi {
  const keys = options.keys ?? KEYS;
  return new WooCommerceRestApi({
    url,
    consumerKey: keys.consumerKey,
    consumerSecret: keys.consumerSecret,
    version: "wc/v3",
    queryStringAuth: options.queryStringAuth ?? false,
    timeout: options.timeout,
  });
}

type AxiosLikeError = { response?: { status: number; data: unknown; headers: Record<string, string> }; code?: string };

/** The refusal a client call ended in: HTTP status, body and headers (or the network error code). */
export async function refusal(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    const { response, code } = error as AxiosLikeError;
    return { status: response?.status ?? 0, data: response?.data, headers: response?.headers ?? {}, code };
  }
  throw new Error("expected the request to fail");
}

export type Received = { raw: string; headers: Headers };

/** An msw receiver at `url` answering `status()` to every POST and keeping each body exactly as sent. */
export function webhookReceiver(url: string, status: () => number = () => 200) {
  const received: Received[] = [];
  const handler: RequestHandler = http.post(url, async ({ request }) => {
    received.push({ raw: await request.text(), headers: request.headers });
    return new HttpResponse(null, { status: status() });
  });
  return { handler, received };
}
