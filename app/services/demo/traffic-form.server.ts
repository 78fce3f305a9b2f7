import { z } from "zod";
import { formError, parseForm } from "../../forms.server";
import { getDemoTraffic, MAX_DEMO_RATE } from "./traffic-control.server";

// The dashboard's Demo traffic card: pause, resume, and the rate in orders per minute.

const RateSchema = z
  .string()
  .trim()
  .regex(/^\d{1,4}(\.\d{1,2})?$/, "Enter orders per minute, for example 6 or 0.5")
  .transform(Number)
  .pipe(
    z
      .number()
      .gt(0, "Enter more than 0 (pause the traffic to stop it)")
      .max(MAX_DEMO_RATE, `At most ${MAX_DEMO_RATE} orders a minute`),
  );

export const DemoTrafficFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("pause") }),
  z.object({ intent: z.literal("resume") }),
  z.object({ intent: z.literal("set-rate"), rate: RateSchema }),
]);

const perMinute = (rate: number) => `${rate} ${rate === 1 ? "order" : "orders"} a minute`;

export async function handleDemoTrafficForm(request: Request) {
  const traffic = getDemoTraffic();
  if (!traffic) return formError({}, { status: 404, toast: "Demo traffic only runs with npm run demo" });
  const parsed = await parseForm(request, DemoTrafficFormSchema);
  if (!parsed.ok) return parsed.refusal;
  const form = parsed.data;
  if (form.intent === "pause") {
    traffic.pause();
    return { ok: true as const, toast: "Demo traffic paused" };
  }
  if (form.intent === "resume") {
    traffic.resume();
    return { ok: true as const, toast: `Demo traffic resumed at ${perMinute(traffic.status().ratePerMinute)}` };
  }
  traffic.setRate(form.rate);
  const paused = traffic.status().running ? "" : " (paused: resume to start it)";
  return { ok: true as const, toast: `Demo traffic set to ${perMinute(form.rate)}${paused}` };
}
