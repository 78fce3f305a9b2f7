import { bulkMutations, bulkQueries } from "../bulk-resolvers";
import type { SimObject } from "../graphql/collect";
import { catalogQueries } from "./catalog";
import type { ResolverEnv } from "./env";
import { inventoryMutations } from "./inventory-mutations";
import { orderMutations } from "./order-mutations";
import { orderQueries } from "./orders";
import { returnQueries } from "./return-queries";

/** The two root objects of the Admin API, for one request to one shop. */
export function queryRoot(env: ResolverEnv): SimObject {
  return {
    __typename: "QueryRoot",
    ...catalogQueries(env),
    ...orderQueries(env),
    ...returnQueries(env),
    ...bulkQueries(env),
  };
}

export function mutationRoot(env: ResolverEnv): SimObject {
  return {
    __typename: "Mutation",
    ...inventoryMutations(env),
    ...orderMutations(env),
    ...bulkMutations(env, () => queryRoot(env)),
  };
}
