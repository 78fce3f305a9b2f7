import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { z } from "zod";
import { getConfig } from "./config.server";

// Channel credentials at rest: AES-256-GCM under ENCRYPTION_KEY, in a self-describing text format
// `v1:<iv b64>:<tag b64>:<ciphertext b64>` so a later key or algorithm can sit next to old rows (a v2 reader can
// still open v1). There is no fallback: without ENCRYPTION_KEY nothing is sealed, because a credential stored in
// clear "just for the demo" is a credential stored in clear. Deriving a key from SESSION_SECRET was rejected too: it
// would tie the credentials to the cookie secret's rotation, and demo mode does not require that secret either.
// Nothing here logs, and no error message carries a plaintext or a key.

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class EncryptionKeyMissingError extends Error {
  constructor() {
    super(
      "Channel credentials cannot be stored: ENCRYPTION_KEY is not set, and they are never stored in clear. " +
        "Set ENCRYPTION_KEY to 32 random bytes (openssl rand -hex 32) and restart.",
    );
    this.name = "EncryptionKeyMissingError";
  }
}

/** A sealed value that does not open: damaged, written under another ENCRYPTION_KEY, or not ours at all. */
export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`A stored secret cannot be decrypted (${reason}); was ENCRYPTION_KEY changed?`);
    this.name = "DecryptionError";
  }
}

/** ENCRYPTION_KEY's text as 32 bytes: 64 hex characters, or base64 of 32 bytes (what config.server.ts accepts). */
export function parseEncryptionKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, "hex");
  const bytes = Buffer.from(trimmed, "base64");
  if (bytes.length !== KEY_BYTES) throw new Error("ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64");
  return bytes;
}

/** The configured key; throws EncryptionKeyMissingError when there is none (demo mode, tests without one). */
export function configuredEncryptionKey(config: { ENCRYPTION_KEY?: string } = getConfig()): Buffer {
  if (config.ENCRYPTION_KEY === undefined) throw new EncryptionKeyMissingError();
  return parseEncryptionKey(config.ENCRYPTION_KEY);
}

/**
 * A separate key for another purpose (signing OAuth state, say), derived with HKDF so that the encryption key itself
 * is never used twice and one configured secret serves both.
 */
export function deriveKey(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), `channelledger:${purpose}`, KEY_BYTES));
}

function checkKey(key: Buffer) {
  if (key.length !== KEY_BYTES) throw new Error(`The encryption key must be ${KEY_BYTES} bytes`);
}

export function encryptSecret(plain: string, key: Buffer): string {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64"), tag.toString("base64"), ciphertext.toString("base64")].join(":");
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function decryptSecret(sealed: string, key: Buffer): string {
  checkKey(key);
  const parts = sealed.split(":");
  if (parts[0] !== VERSION) throw new DecryptionError("unknown format");
  if (parts.length !== 4 || !parts.slice(1).every((part) => BASE64.test(part))) {
    throw new DecryptionError("malformed value");
  }
  const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, "base64")) as [Buffer, Buffer, Buffer];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError("malformed value");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("authentication failed");
  }
}

/** What a WooCommerce channel keeps in Channel.credentials, sealed. */
export const ChannelCredentialsSchema = z.object({
  url: z.url(),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
});
export type ChannelCredentials = z.infer<typeof ChannelCredentialsSchema>;

export function sealCredentials(credentials: ChannelCredentials, key: Buffer = configuredEncryptionKey()): string {
  return encryptSecret(JSON.stringify(ChannelCredentialsSchema.parse(credentials)), key);
}

/** Channel.credentials opened; throws when the channel has none or they do not open or read as credentials. */
export function openCredentials(
  sealed: string | null | undefined,
  key: Buffer = configuredEncryptionKey(),
): ChannelCredentials {
  if (!sealed) throw new DecryptionError("the channel has no stored credentials");
  let value: unknown;
  try {
    value = JSON.parse(decryptSecret(sealed, key));
  } catch (error) {
    if (error instanceof DecryptionError) throw error;
    throw new DecryptionError("not credentials");
  }
  const parsed = ChannelCredentialsSchema.safeParse(value);
  if (!parsed.success) throw new DecryptionError("not credentials");
  return parsed.data;
}
