import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { getConfig } from "../config.server";

// The standalone admin's login: one operator whose credentials come from configuration.

type OperatorSessionData = { operator: string; shopId: string };

let storage: ReturnType<typeof createCookieSessionStorage<OperatorSessionData>> | undefined;

function sessionStorage() {
  const config = getConfig();
  // Demo mode has no secret configured: a per-process one means demo cookies die with the process.
  storage ??= createCookieSessionStorage<OperatorSessionData>({
    cookie: {
      name: "__channelledger",
      httpOnly: true,
      path: "/",
      sameSite: "lax",
      secure: config.NODE_ENV === "production",
      secrets: [config.SESSION_SECRET ?? randomBytes(32).toString("hex")],
      maxAge: 60 * 60 * 12,
    },
  });
  return storage;
}

function digest(value: string) {
  return createHash("sha256").update(value).digest();
}

export function checkOperatorCredentials(email: string, password: string): boolean {
  const config = getConfig();
  if (!config.OPERATOR_EMAIL || !config.OPERATOR_PASSWORD) return false;
  const emailOk = timingSafeEqual(digest(email.trim().toLowerCase()), digest(config.OPERATOR_EMAIL.toLowerCase()));
  const passwordOk = timingSafeEqual(digest(password), digest(config.OPERATOR_PASSWORD));
  return emailOk && passwordOk;
}

export type Operator = { email: string; demo: boolean };

export async function getOperator(request: Request): Promise<Operator | null> {
  const config = getConfig();
  if (config.DEMO_MODE) return { email: "demo", demo: true };
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  const email = session.get("operator");
  return typeof email === "string" ? { email, demo: false } : null;
}

/** Throws a redirect to the login page when nobody is logged in. */
export async function requireOperator(request: Request): Promise<Operator> {
  const operator = await getOperator(request);
  if (operator) return operator;
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
  throw redirect(`/login?${params}`);
}

export async function getSelectedShopId(request: Request): Promise<string | undefined> {
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  const shopId = session.get("shopId");
  return typeof shopId === "string" ? shopId : undefined;
}

export async function commitOperatorSession(request: Request, values: { operator?: string; shopId?: string }) {
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  if (values.operator !== undefined) session.set("operator", values.operator);
  if (values.shopId !== undefined) session.set("shopId", values.shopId);
  return sessionStorage().commitSession(session);
}

export async function destroyOperatorSession(request: Request) {
  const session = await sessionStorage().getSession(request.headers.get("Cookie"));
  return sessionStorage().destroySession(session);
}

/** A relative path inside this app, so a crafted redirectTo cannot send the operator elsewhere. */
export function safeRedirectPath(value: unknown, fallback = "/app"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return fallback;
  }
  return value;
}
