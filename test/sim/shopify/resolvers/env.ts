import type { ShopContext } from "../context";

/** What every resolver sees: the shop's store operations and the API version the request named. */
export type ResolverEnv = ShopContext & { apiVersion: string };

/** "2026-07" >= "2026-04": Admin API versions sort as text. */
export const versionAtLeast = (version: string, minimum: string) => version === "unstable" || version >= minimum;
