import { randomBytes } from "node:crypto";

// REST API keys (woocommerce_api_keys): ck_/cs_ pairs bound to an administrator, with read, write or read_write
// permission, and the OAuth nonces each key has used in the last 15 minutes.

export type KeyPermissions = "read" | "write" | "read_write";
export const KEY_PERMISSIONS: readonly KeyPermissions[] = ["read", "write", "read_write"];

export type ApiKey = {
  keyId: number;
  userId: number;
  description: string;
  permissions: KeyPermissions;
  consumerKey: string;
  consumerSecret: string;
  /** OAuth nonce -> the timestamp it came with. */
  nonces: Map<string, number>;
  lastAccess: number | null;
};

/** wc_rand_hash: 40 hex characters. */
const randHash = () => randomBytes(20).toString("hex");

export class KeyStore {
  private readonly byConsumerKey = new Map<string, ApiKey>();
  private nextKeyId = 1;

  create(
    input: { permissions?: KeyPermissions; description?: string; consumerKey?: string; consumerSecret?: string } = {},
  ): ApiKey {
    const key: ApiKey = {
      keyId: this.nextKeyId++,
      userId: 1,
      description: input.description ?? `Key ${this.nextKeyId - 1}`,
      permissions: input.permissions ?? "read_write",
      consumerKey: input.consumerKey ?? `ck_${randHash()}`,
      consumerSecret: input.consumerSecret ?? `cs_${randHash()}`,
      nonces: new Map(),
      lastAccess: null,
    };
    if (this.byConsumerKey.has(key.consumerKey)) throw new Error(`Consumer key ${key.consumerKey} already exists`);
    this.byConsumerKey.set(key.consumerKey, key);
    return key;
  }

  find(consumerKey: string): ApiKey | undefined {
    return this.byConsumerKey.get(consumerKey);
  }

  revoke(consumerKey: string): boolean {
    return this.byConsumerKey.delete(consumerKey);
  }

  list(): ApiKey[] {
    return [...this.byConsumerKey.values()];
  }
}
