import { FieldError } from "../graphql/errors";
import type { FieldInfo, Resolver } from "../graphql/executor";
import { versionAtLeast, type ResolverEnv } from "./env";

// The @idempotent(key:) directive: the first answer for a key is kept, and a retry with the same key and the same
// arguments gets that answer again without running the mutation twice. The same key with other arguments is refused.

export type UserErrorPayload = (code: string, message: string) => Record<string, unknown>;

export function idempotent(
  env: ResolverEnv,
  resolver: Resolver,
  options: { requiredFrom?: string; errorPayload: UserErrorPayload },
): Resolver {
  return (args: Record<string, unknown>, info: FieldInfo) => {
    const directive = info.directives.idempotent;
    if (!directive) {
      if (options.requiredFrom && versionAtLeast(env.apiVersion, options.requiredFrom)) {
        throw new FieldError(
          `The @idempotent directive is required for ${info.fieldName} from ${options.requiredFrom}`,
          {
            code: "BAD_REQUEST",
          },
        );
      }
      return resolver(args, info);
    }
    const key = directive.key;
    if (typeof key !== "string" || key.trim() === "" || key.length > 255) {
      throw new FieldError("@idempotent needs a key of 1 to 255 characters", { code: "BAD_REQUEST" });
    }
    const fingerprint = JSON.stringify([info.fieldName, args]);
    const stored = env.shop.idempotency.get(key);
    if (stored) {
      if (stored.fingerprint === fingerprint) return stored.payload;
      return options.errorPayload(
        "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
        "The same idempotency key cannot be used with different operation parameters.",
      );
    }
    const payload = resolver(args, info);
    env.shop.idempotency.set(key, { fingerprint, payload });
    return payload;
  };
}
