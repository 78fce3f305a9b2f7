// A merchant's order action that cannot be done as asked, in words a screen or an API client can show next to the
// field at fault. not_found: no such order or fulfilment in this shop; invalid: the request does not fit the order
// (unknown line, more units than are left, mixed locations); conflict: the order's state does not allow it now.

export type OrderActionErrorCode = "not_found" | "invalid" | "conflict";

export class OrderActionError extends Error {
  constructor(
    readonly code: OrderActionErrorCode,
    message: string,
    /** The input field at fault, as a path into the request: ["lines", 0, "quantity"]. */
    readonly path: (string | number)[] = [],
  ) {
    super(message);
    this.name = "OrderActionError";
  }
}

export const notFound = (message: string, path: (string | number)[] = []) =>
  new OrderActionError("not_found", message, path);
export const invalid = (message: string, path: (string | number)[] = []) =>
  new OrderActionError("invalid", message, path);
export const conflict = (message: string, path: (string | number)[] = []) =>
  new OrderActionError("conflict", message, path);
