import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "../../test/db.ts";
import { MAX_BODY_BYTES } from "../services/api/body.server.ts";
import type { AdjustmentResponse, ApiErrorBody } from "../services/api/schemas.ts";
import { AdjustmentResponseSchema } from "../services/api/schemas.ts";
import { apiRequest, readJson, routeArgs, seedApiShop, type ApiShop } from "../services/api/test-support.ts";
import * as adjustments from "./api.v1.inventory.adjustments.ts";

const PATH = "/api/v1/inventory/adjustments";

describe("POST /api/v1/inventory/adjustments", () => {
  let t: TestDb;
  let s: ApiShop;
  beforeAll(async () => {
    t = await createTestDb();
    global.channelLedgerDb = { db: t.db, ready: Promise.resolve() };
    s = await seedApiShop(t.db, "Counters");
  });
  afterAll(async () => {
    delete global.channelLedgerDb;
    await t.drop();
  });

  const post = (options: Parameters<typeof apiRequest>[1]) =>
    adjustments.action(routeArgs(apiRequest(PATH, { key: s.key, method: "POST", ...options })));
  const postJson = (json: unknown, headers: Record<string, string> = {}) => post({ json, headers });
  const onHand = async (itemId: string, locationId: string) =>
    (await t.db.stockLevel.findUniqueOrThrow({ where: { itemId_locationId: { itemId, locationId } } })).onHand;
  const apiMovements = () => t.db.stockMovement.count({ where: { shopId: s.shop.id, source: "api" } });

  it("applies a delta and answers 201 with the movement and the new balance", async () => {
    const response = await postJson({ sku: "TEE-M", location_id: s.main.id, delta: 3, reason: "found a box" });
    const { status, body } = await readJson<AdjustmentResponse>(response);
    expect(status).toBe(201);
    expect(response.headers.get("idempotent-replayed")).toBeNull();
    expect(AdjustmentResponseSchema.safeParse(body).success).toBe(true);
    expect(body.data).toEqual({
      movement: {
        id: expect.any(String),
        kind: "adjustment",
        item_id: s.tee.id,
        sku: "TEE-M",
        location_id: s.main.id,
        on_hand_delta: 3,
        committed_delta: 0,
        reason: "found a box",
        source: "api",
        actor: `api-key:${s.apiKeyId}`,
        created_at: expect.any(String),
      },
      balance: { on_hand: 10, committed: 2, available: 8 },
    });
    const row = await t.db.stockMovement.findUniqueOrThrow({ where: { id: body.data.movement.id } });
    expect(row).toMatchObject({ shopId: s.shop.id, kind: "adjustment", source: "api", actor: `api-key:${s.apiKeyId}` });
  });

  it("records a counted quantity as a count movement of the difference", async () => {
    const before = await onHand(s.mug.id, s.main.id);
    const { status, body } = await readJson<AdjustmentResponse>(
      await postJson({ sku: "MUG-1", location_id: s.main.id, counted_quantity: 6, reason: "cycle count" }),
    );
    expect(status).toBe(201);
    expect(body.data.movement).toMatchObject({ kind: "count", on_hand_delta: 6 - before });
    expect(body.data.balance).toEqual({ on_hand: 6, committed: 0, available: 6 });
    expect(await onHand(s.mug.id, s.main.id)).toBe(6);

    const zero = await readJson<AdjustmentResponse>(
      await postJson({ sku: "MUG-1", location_id: s.main.id, counted_quantity: 0, reason: "all gone", delta: null }),
    );
    expect(zero.body.data.movement).toMatchObject({ kind: "count", on_hand_delta: -6 });
    expect(zero.body.data.balance.on_hand).toBe(0);
  });

  it("answers 422 for an unknown SKU or location, and records nothing", async () => {
    const before = await apiMovements();
    for (const [json, code] of [
      [{ sku: "NOPE-1", location_id: s.main.id, delta: 1, reason: "x" }, "unknown_sku"],
      [{ sku: "MUG-1", location_id: "no-such-location", delta: 1, reason: "x" }, "unknown_location"],
    ] as const) {
      const { status, body } = await readJson<ApiErrorBody>(await postJson(json));
      expect(status).toBe(422);
      expect(body.error.code).toBe(code);
    }
    expect(await apiMovements()).toBe(before);
  });

  const valid = { sku: "MUG-1", reason: "recount" };
  it.each([
    ["a negative count", { counted_quantity: -1 }, ["counted_quantity"]],
    ["a fractional count", { counted_quantity: 2.5 }, ["counted_quantity"]],
    ["a fractional delta", { delta: 0.5 }, ["delta"]],
    ["a zero delta", { delta: 0 }, ["delta"]],
    ["a quantity as a string", { delta: "5" }, ["delta"]],
    ["an astronomic delta", { delta: 1e12 }, ["delta"]],
    ["both delta and counted_quantity", { delta: 1, counted_quantity: 4 }, []],
    ["neither delta nor counted_quantity", {}, []],
    ["an empty reason", { delta: 1, reason: "   " }, ["reason"]],
    ["a reason over 200 characters", { delta: 1, reason: "x".repeat(201) }, ["reason"]],
    ["an unknown field", { delta: 1, quantity: 3 }, []],
  ])("answers 400 invalid_request for %s, naming the field", async (_name, fields, path) => {
    const before = await apiMovements();
    const { status, body } = await readJson<ApiErrorBody>(
      await postJson({ ...valid, location_id: s.main.id, ...fields }),
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.details).toEqual({
      issues: expect.arrayContaining([expect.objectContaining({ path, message: expect.any(String) })]),
    });
    expect(await apiMovements()).toBe(before);
  });

  it.each([
    ["malformed JSON", '{"sku": "MUG-1", "delta": 1,'],
    ["an empty body", ""],
    ["a JSON array", "[1, 2]"],
    ["JSON null", "null"],
  ])("answers 400 invalid_request for %s", async (_name, text) => {
    const { status, body } = await readJson<ApiErrorBody>(
      await post({ body: text, headers: { "Content-Type": "application/json" } }),
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
  });

  it("answers 400 for a body that is not UTF-8", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const { status, body } = await readJson<ApiErrorBody>(
      await post({ body: bytes, headers: { "Content-Type": "application/json" } }),
    );
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
  });

  it.each([
    ["text/plain", "text/plain"],
    ["a form", "application/x-www-form-urlencoded"],
    ["no content type", null],
  ])("answers 415 for %s", async (_name, contentType) => {
    const text = JSON.stringify({ sku: "MUG-1", location_id: s.main.id, delta: 1, reason: "x" });
    const blob = new Blob([text]);
    const request = apiRequest(PATH, {
      key: s.key,
      method: "POST",
      body: contentType ? text : await blob.arrayBuffer(),
      headers: contentType ? { "Content-Type": contentType } : {},
    });
    const { status, body } = await readJson<ApiErrorBody>(await adjustments.action(routeArgs(request)));
    expect(status).toBe(415);
    expect(body.error.code).toBe("unsupported_media_type");
  });

  it("accepts a JSON content type with parameters", async () => {
    const response = await post({
      body: JSON.stringify({ sku: "CAP-9", location_id: s.main.id, delta: 1, reason: "charset" }),
      headers: { "Content-Type": "application/json; charset=UTF-8" },
    });
    expect(response.status).toBe(201);
  });

  describe("a body over 1 MB", () => {
    const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
    // Read and thrown away after the refusal (so a client still sending sees the 413), then cancelled.
    const discardBound = MAX_BODY_BYTES + 8 * MAX_BODY_BYTES + 4 * chunk.byteLength;
    /** A body that never ends: only a reader that stops on its own is ever done with it. */
    function endless() {
      const state = { sent: 0, cancelled: false };
      const stream = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            state.sent += chunk.byteLength;
            controller.enqueue(chunk);
          },
          cancel() {
            state.cancelled = true;
          },
        },
        { highWaterMark: 0 },
      );
      return { stream, state };
    }
    const tooLarge = { status: 413, body: { error: { code: "payload_too_large" } } };

    it("answers 413 for a plain oversized body", async () => {
      const padding = " ".repeat(MAX_BODY_BYTES);
      const big = `{"sku":"MUG-1","location_id":"${s.main.id}","delta":1,"reason":"big"}${padding}`;
      expect(await readJson(await post({ body: big, headers: { "Content-Type": "application/json" } }))).toMatchObject(
        tooLarge,
      );
      expect(await t.db.stockMovement.count({ where: { shopId: s.shop.id, reason: "big" } })).toBe(0);
    });

    it("answers 413 from an honest Content-Length before reading the body", async () => {
      const { stream, state } = endless();
      const headers = { "Content-Type": "application/json", "Content-Length": String(2 * MAX_BODY_BYTES) };
      expect(await readJson(await post({ body: stream, headers }))).toMatchObject(tooLarge);
      await vi.waitFor(() => expect(state.cancelled).toBe(true));
      expect(state.sent).toBeLessThanOrEqual(discardBound - MAX_BODY_BYTES);
    });

    it("answers 413 when Content-Length is missing or lies, and stops reading", async () => {
      for (const length of [null, "60"]) {
        const { stream, state } = endless();
        const headers: Record<string, string> = { "Content-Type": "application/json" };
        if (length) headers["Content-Length"] = length;
        expect(await readJson(await post({ body: stream, headers }))).toMatchObject(tooLarge);
        await vi.waitFor(() => expect(state.cancelled).toBe(true));
        expect(state.sent).toBeLessThanOrEqual(discardBound);
      }
    });
  });

  it("accepts a body just under 1 MB", async () => {
    const json = `{"sku":"CAP-9","location_id":"${s.main.id}","delta":1,"reason":"padded"}`;
    const body = json + " ".repeat(MAX_BODY_BYTES - json.length);
    const response = await post({ body, headers: { "Content-Type": "application/json" } });
    expect(response.status).toBe(201);
  });

  describe("with an Idempotency-Key", () => {
    it("replays the stored answer for the same key and body, applying the movement once", async () => {
      const json = { sku: "TEE-M", location_id: s.overflow.id, delta: 4, reason: "inbound" };
      const headers = { "Idempotency-Key": "erp-batch-1" };
      const first = await postJson(json, headers);
      const firstText = await first.text();
      expect(first.status).toBe(201);
      // Stock moves meanwhile; the replay still answers what the first request answered.
      await postJson({ sku: "TEE-M", location_id: s.overflow.id, delta: 1, reason: "other" });

      const again = await postJson(json, headers);
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await again.text()).toBe(firstText);
      const movementId = (JSON.parse(firstText) as AdjustmentResponse).data.movement.id;
      expect(await t.db.stockMovement.count({ where: { shopId: s.shop.id, idempotencyKey: "api:erp-batch-1" } })).toBe(
        1,
      );
      expect(await t.db.stockMovement.findUnique({ where: { id: movementId } })).toMatchObject({ onHandDelta: 4 });
      expect(await onHand(s.tee.id, s.overflow.id)).toBe(5);
    });

    it("answers 409 for the same key with another body", async () => {
      const headers = { "Idempotency-Key": "erp-batch-2" };
      const json = { sku: "TEE-M", location_id: s.overflow.id, delta: 2, reason: "inbound" };
      expect((await postJson(json, headers)).status).toBe(201);
      const before = await onHand(s.tee.id, s.overflow.id);
      const { status, body } = await readJson<ApiErrorBody>(await postJson({ ...json, delta: 20 }, headers));
      expect(status).toBe(409);
      expect(body.error.code).toBe("idempotency_conflict");
      expect(await onHand(s.tee.id, s.overflow.id)).toBe(before);
    });

    it("keeps keys per shop", async () => {
      const theirs = await seedApiShop(t.db, "Other counters");
      const headers = { "Idempotency-Key": "shared-key" };
      expect((await postJson({ sku: "CAP-9", location_id: s.main.id, delta: 1, reason: "a" }, headers)).status).toBe(
        201,
      );
      const response = await adjustments.action(
        routeArgs(
          apiRequest(PATH, {
            key: theirs.key,
            headers,
            json: { sku: "CAP-9", location_id: theirs.main.id, delta: 2, reason: "b" },
          }),
        ),
      );
      expect(response.status).toBe(201);
      expect(response.headers.get("idempotent-replayed")).toBeNull();
    });

    it("frees the key when the request fails, so a corrected retry goes through", async () => {
      const headers = { "Idempotency-Key": "erp-batch-3" };
      const wrong = await postJson({ sku: "TYPO-1", location_id: s.main.id, delta: 1, reason: "retry" }, headers);
      expect(wrong.status).toBe(422);
      const right = await postJson({ sku: "CAP-9", location_id: s.main.id, delta: 1, reason: "retry" }, headers);
      expect(right.status).toBe(201);
      expect(right.headers.get("idempotent-replayed")).toBeNull();
    });

    it("answers 400 for a malformed key", async () => {
      for (const key of ["x".repeat(256), "has space"]) {
        const { status, body } = await readJson<ApiErrorBody>(
          await postJson({ sku: "CAP-9", location_id: s.main.id, delta: 1, reason: "k" }, { "Idempotency-Key": key }),
        );
        expect(status).toBe(400);
        expect(body.error.details).toEqual({ issues: [expect.objectContaining({ path: ["Idempotency-Key"] })] });
      }
    });

    it("applies concurrent duplicates once and answers them all the same", async () => {
      const json = { sku: "CAP-9", location_id: s.overflow.id, delta: 7, reason: "burst" };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => postJson(json, { "Idempotency-Key": "erp-burst" })),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(6).fill(201));
      const texts = await Promise.all(responses.map((response) => response.text()));
      expect(new Set(texts).size).toBe(1);
      expect(responses.filter((response) => response.headers.get("idempotent-replayed") === "true")).toHaveLength(5);
      expect(await t.db.stockMovement.count({ where: { shopId: s.shop.id, idempotencyKey: "api:erp-burst" } })).toBe(1);
      expect(await onHand(s.cap.id, s.overflow.id)).toBe(7);
    });
  });

  it("loses no update when 20 adjustments arrive at once", async () => {
    const before = await onHand(s.mug.id, s.overflow.id);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        postJson({ sku: "MUG-1", location_id: s.overflow.id, delta: 1, reason: `parallel ${n}` }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(201));
    expect(await onHand(s.mug.id, s.overflow.id)).toBe(before + 20);
    const balances = await Promise.all(
      responses.map(async (response) => ((await response.json()) as AdjustmentResponse).data.balance.on_hand),
    );
    // Each answer is the balance right after its own movement.
    expect(balances.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => before + n + 1));
  });
});
