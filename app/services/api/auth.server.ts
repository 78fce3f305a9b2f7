import type { Db } from "../../db.server";
import { authenticateApiKey } from "../api-keys.server";
import { ApiError } from "./errors.server";

export type ApiAuth = { shopId: string; apiKeyId: string };

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
// RFC 6750: a 401 tells the client which scheme to use.
const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="ChannelLedger API"' };

/** The shop behind the request's API key (`Authorization: Bearer <key>` or `X-API-Key: <key>`). */
export async function authenticateApiRequest(db: Db, request: Request): Promise<ApiAuth> {
  const key = presentedKey(request);
  if (key === null) {
    throw new ApiError(
      401,
      "unauthenticated",
      "Send an API key as `Authorization: Bearer <key>` or `X-API-Key: <key>`",
      null,
      CHALLENGE,
    );
  }
  const auth = await authenticateApiKey(db, key);
  if (!auth) throw new ApiError(401, "unauthenticated", "The API key is invalid or revoked", null, CHALLENGE);
  return auth;
}

function presentedKey(request: Request): string | null {
  const authorization = request.headers.get("authorization");
  if (authorization !== null && authorization.trim() !== "") {
    // Another scheme (Basic, a bare key) is a wrong key, not a missing one.
    return BEARER.exec(authorization)?.[1] ?? "";
  }
  const apiKey = request.headers.get("x-api-key")?.trim();
  return apiKey ? apiKey : null;
}
