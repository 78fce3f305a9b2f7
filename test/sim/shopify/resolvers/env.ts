import type { ShopContext } from "../context";

/**
 * What every resolver sees: the shop's store operations, the API version the request named, and the origin it came
 * in on (links the store hands out, such as bulk operation results, point there).
 */
export type ResolverEnv = ShopContext & { apiVersion: string; origin?: string };

/** "2026-07" >= "2026-04": Admin API versions sort as text. */
export const versionAtLeast = (version: string, minimum: string) => version === "unstable" || version >= minimum;
