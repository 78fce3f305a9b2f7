import { afterEach, describe, expect, it, vi } from "vitest";
import { registerDemoTraffic, type DemoTrafficController } from "./traffic-control.server";
import { handleDemoTrafficForm } from "./traffic-form.server";

function post(fields: Record<string, string>) {
  return new Request("http://localhost/app", { method: "POST", body: new URLSearchParams(fields) });
}

// What the action answers: a plain object on success, Remix's data() (with the status) on a refusal.
async function answer(request: Request) {
  const result = (await handleDemoTrafficForm(request)) as unknown;
  if (result && typeof result === "object" && "init" in result && "data" in result) {
    const wrapped = result as { data: unknown; init: { status?: number } | null };
    return { status: wrapped.init?.status ?? 200, body: wrapped.data as Record<string, unknown> };
  }
  return { status: 200, body: result as Record<string, unknown> };
}

function fakeController(running = true) {
  const state = { running, rate: 6 };
  const controller: DemoTrafficController = {
    status: () => ({
      running: state.running,
      ratePerMinute: state.rate,
      stores: [],
      soldOut: 0,
      deliveries: 0,
      lastError: null,
    }),
    pause: vi.fn(() => void (state.running = false)),
    resume: vi.fn(() => void (state.running = true)),
    setRate: vi.fn((rate: number) => void (state.rate = rate)),
  };
  return controller;
}

describe("the Demo traffic card's form", () => {
  let unregister = () => {};
  afterEach(() => unregister());

  it("is refused when no demo traffic runs", async () => {
    expect(await answer(post({ intent: "pause" }))).toMatchObject({ status: 404, body: { ok: false } });
  });

  it("pauses, resumes and sets the rate", async () => {
    const controller = fakeController();
    unregister = registerDemoTraffic(controller);
    expect(await answer(post({ intent: "pause" }))).toMatchObject({ body: { ok: true, toast: "Demo traffic paused" } });
    expect(await answer(post({ intent: "set-rate", rate: "30" }))).toMatchObject({
      body: { toast: "Demo traffic set to 30 orders a minute (paused: resume to start it)" },
    });
    expect(await answer(post({ intent: "resume" }))).toMatchObject({
      body: { toast: "Demo traffic resumed at 30 orders a minute" },
    });
    expect(controller.setRate).toHaveBeenCalledWith(30);
  });

  it("refuses a rate of 0, over 600, or not a number, on the rate field", async () => {
    const controller = fakeController();
    unregister = registerDemoTraffic(controller);
    for (const rate of ["0", "601", "six", "-3"]) {
      const refused = await answer(post({ intent: "set-rate", rate }));
      expect(refused).toMatchObject({ status: 400, body: { ok: false } });
      expect((refused.body.fieldErrors as Record<string, unknown>).rate).toBeDefined();
    }
    expect(controller.setRate).not.toHaveBeenCalled();
    expect(await answer(post({ intent: "set-rate", rate: "0.5" }))).toMatchObject({ body: { ok: true } });
  });

  it("is hidden in production even when a generator is registered", async () => {
    unregister = registerDemoTraffic(fakeController());
    vi.stubEnv("NODE_ENV", "production");
    try {
      expect(await answer(post({ intent: "pause" }))).toMatchObject({ status: 404 });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
