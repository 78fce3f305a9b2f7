import type { ShopContext } from "../../auth/shop-context.server";
import type { Db } from "../../db.server";
import { formError, parseForm, readFormData } from "../../forms.server";
import { cancelOrder } from "../../services/orders/cancel-order.server";
import { createReturn } from "../../services/orders/create-return.server";
import { OrderActionError } from "../../services/orders/errors";
import { fulfilOrder } from "../../services/orders/fulfil-order.server";
import {
  CancelFormSchema,
  chosenLines,
  chosenReturnLines,
  FulfilFormSchema,
  quantityField,
  ReturnFormSchema,
} from "./order-forms";

const STATUS = { not_found: 404, conflict: 409, invalid: 400 } as const;

/**
 * A refused order action as the form shows it: the service's message on the field it names (a line's quantity,
 * the location) and in the toast, with 404, 409 or 400.
 */
export function orderActionRefusal(error: OrderActionError, lineIds: string[]) {
  const [head, index] = error.path;
  const lineId = head === "lines" && typeof index === "number" ? lineIds[index] : undefined;
  const field = lineId
    ? quantityField(lineId)
    : head === "locationId" || head === "carrier" || head === "trackingNumber" || head === "trackingUrl"
      ? head
      : "form";
  return formError({ [field]: [error.message] }, { status: STATUS[error.code], toast: error.message });
}

async function refusingOrderErrors<T>(lineIds: string[], run: () => Promise<T>) {
  try {
    return await run();
  } catch (error) {
    if (error instanceof OrderActionError) return orderActionRefusal(error, lineIds);
    throw error;
  }
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The order page's action: fulfil, cancel or start a return, by the form's `intent`. */
export async function handleOrderAction(db: Db, request: Request, context: ShopContext, orderId: string) {
  const intent = (await readFormData(request.clone())).get("intent");
  const options = { actor: context.actor, source: "ui" };
  const shopId = context.shop.id;

  if (intent === "fulfil") {
    const parsed = await parseForm(request, FulfilFormSchema);
    if (!parsed.ok) return parsed.refusal;
    const form = parsed.data;
    const lines = chosenLines(form);
    return refusingOrderErrors(
      lines.map((line) => line.lineId),
      async () => {
        await fulfilOrder(
          db,
          shopId,
          {
            orderId,
            locationId: form.locationId,
            lines,
            carrier: form.carrier,
            trackingNumber: form.trackingNumber,
            trackingUrl: form.trackingUrl,
            notifyCustomer: form.notifyCustomer,
          },
          options,
        );
        const units = lines.reduce((sum, line) => sum + line.quantity, 0);
        return { ok: true as const, toast: `${plural(units, "unit")} fulfilled` };
      },
    );
  }

  if (intent === "cancel") {
    const parsed = await parseForm(request, CancelFormSchema);
    if (!parsed.ok) return parsed.refusal;
    const { intent: _intent, ...form } = parsed.data;
    return refusingOrderErrors([], async () => {
      await cancelOrder(db, shopId, { orderId, ...form }, options);
      return { ok: true as const, toast: "Order cancelled" };
    });
  }

  if (intent === "return") {
    const parsed = await parseForm(request, ReturnFormSchema);
    if (!parsed.ok) return parsed.refusal;
    const lines = chosenReturnLines(parsed.data);
    return refusingOrderErrors(
      lines.map((line) => line.lineId),
      async () => {
        const created = await createReturn(db, shopId, { orderId, lines, note: parsed.data.note }, options);
        const units = lines.reduce((sum, line) => sum + line.quantity, 0);
        return { ok: true as const, toast: `Return opened for ${plural(units, "unit")}`, returnId: created.id };
      },
    );
  }

  return formError({ form: ["Choose fulfil, cancel or return"] }, { toast: "That action is not known" });
}
