import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  configuredEncryptionKey,
  decryptSecret,
  DecryptionError,
  deriveKey,
  encryptSecret,
  EncryptionKeyMissingError,
  openCredentials,
  parseEncryptionKey,
  sealCredentials,
} from "./crypto.server";

const HEX_KEY = "6d1f2b9c3a4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
const key = parseEncryptionKey(HEX_KEY);
const CREDENTIALS = {
  url: "https://shop-one.example",
  consumerKey: "ck_5f0c7e8a0b1d4c2e9f3a6b7c8d9e0f1a2b3c4d5e",
  consumerSecret: "cs_0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
};

/** Flips one bit of one part of a sealed value. */
function tamper(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split(":");
  const bytes = Buffer.from(parts[part]!, "base64");
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString("base64");
  return parts.join(":");
}

describe("encryption key", () => {
  it("reads 64 hex characters and base64 of 32 bytes as the same kind of key", () => {
    expect(parseEncryptionKey(HEX_KEY)).toEqual(Buffer.from(HEX_KEY, "hex"));
    const bytes = randomBytes(32);
    expect(parseEncryptionKey(bytes.toString("base64"))).toEqual(bytes);
  });

  it("refuses a key of another length", () => {
    expect(() => parseEncryptionKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
    expect(() => parseEncryptionKey("abc")).toThrow(/32 bytes/);
  });

  it("refuses to work without ENCRYPTION_KEY rather than store credentials in clear", () => {
    expect(() => configuredEncryptionKey({ ENCRYPTION_KEY: undefined })).toThrow(EncryptionKeyMissingError);
    expect(() => configuredEncryptionKey({})).toThrow(/never stored in clear.*openssl rand -hex 32/);
    expect(() => sealCredentials(CREDENTIALS, configuredEncryptionKey({}))).toThrow(EncryptionKeyMissingError);
  });

  it("derives distinct keys per purpose, never the encryption key itself", () => {
    const signing = deriveKey(key, "woocommerce-auth-state");
    expect(signing).toHaveLength(32);
    expect(signing.equals(key)).toBe(false);
    expect(signing.equals(deriveKey(key, "another-purpose"))).toBe(false);
    expect(signing.equals(deriveKey(key, "woocommerce-auth-state"))).toBe(true);
  });
});

describe("encryptSecret / decryptSecret", () => {
  it("round-trips in the versioned v1:<iv>:<tag>:<ciphertext> format, with a fresh IV every time", () => {
    const plain = "cs_secret with ünïcode and : colons";
    const sealed = encryptSecret(plain, key);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/=]{16}:[A-Za-z0-9+/=]{24}:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain("cs_secret");
    expect(decryptSecret(sealed, key)).toBe(plain);
    expect(encryptSecret(plain, key)).not.toBe(sealed);
    expect(decryptSecret(encryptSecret("", key), key)).toBe("");
  });

  it.each([1, 2, 3] as const)("refuses a value whose part %i was changed (GCM authenticates everything)", (part) => {
    const sealed = encryptSecret("top secret", key);
    expect(() => decryptSecret(tamper(sealed, part), key)).toThrow(DecryptionError);
  });

  it("refuses a value sealed under another key, and says so without the plaintext", () => {
    const sealed = encryptSecret("top secret", key);
    const error = (() => {
      try {
        decryptSecret(sealed, randomBytes(32));
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(DecryptionError);
    expect(error?.message).toMatch(/ENCRYPTION_KEY changed/);
    expect(error?.message).not.toContain("top secret");
  });

  it.each([
    ["clear text", "cs_plain_secret"],
    ["an unknown version", "v9:AAAA:BBBB:CCCC"],
    ["missing parts", "v1:AAAA"],
    ["a short IV", `v1:${Buffer.alloc(4).toString("base64")}:${Buffer.alloc(16).toString("base64")}:AAAA`],
    ["non-base64", "v1:!!!:???:***"],
  ])("refuses %s", (_, value) => {
    expect(() => decryptSecret(value, key)).toThrow(DecryptionError);
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => encryptSecret("x", randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe("sealCredentials / openCredentials", () => {
  it("seals a store's keys so the stored text contains neither key nor secret, and opens them again", () => {
    const sealed = sealCredentials(CREDENTIALS, key);
    expect(sealed).not.toContain(CREDENTIALS.consumerSecret);
    expect(sealed).not.toContain(CREDENTIALS.consumerKey);
    expect(openCredentials(sealed, key)).toEqual(CREDENTIALS);
  });

  it("uses ENCRYPTION_KEY from the configuration by default", () => {
    expect(openCredentials(sealCredentials(CREDENTIALS))).toEqual(CREDENTIALS);
  });

  it("refuses to seal something that is not credentials", () => {
    expect(() => sealCredentials({ ...CREDENTIALS, url: "not a url" }, key)).toThrow();
  });

  it("refuses a channel without credentials, or a sealed value that is not credentials", () => {
    expect(() => openCredentials(null, key)).toThrow(/no stored credentials/);
    expect(() => openCredentials(encryptSecret("not json", key), key)).toThrow(DecryptionError);
    expect(() => openCredentials(encryptSecret('{"url":"x"}', key), key)).toThrow(DecryptionError);
  });
});
