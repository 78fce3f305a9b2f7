// WordPress REST errors: {code, message, data:{status, ...}}, with the codes and messages WooCommerce uses, so a
// client's error mapping can be tested against the real strings.

export class WcError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extra: Record<string, unknown> = {},
    /** Some controllers pass a bare number as the error data; WordPress then answers 500 and echoes the number. */
    readonly rawData?: number,
  ) {
    super(message);
    this.name = "WcError";
  }

  toBody() {
    const data = this.rawData ?? { status: this.status, ...this.extra };
    return { code: this.code, message: this.message, data };
  }
}

/** wp_sprintf_l: "a and b", "a, b, and c". */
export function listWords(values: readonly string[]): string {
  if (values.length <= 2) return values.join(" and ");
  return `${values.slice(0, -1).join(", ")}, and ${values.at(-1)}`;
}

export const noRoute = () =>
  new WcError("rest_no_route", "No route was found matching the URL and request method.", 404);

export const invalidJson = () => new WcError("rest_invalid_json", "Invalid JSON body passed.", 400);

export type ParamProblem = { param: string; code: string; message: string };

/** WP_REST_Request::has_valid_params: one error naming every bad parameter. */
export function invalidParams(problems: ParamProblem[]): WcError {
  return new WcError("rest_invalid_param", `Invalid parameter(s): ${problems.map((p) => p.param).join(", ")}`, 400, {
    params: Object.fromEntries(problems.map((p) => [p.param, p.message])),
    details: Object.fromEntries(problems.map((p) => [p.param, { code: p.code, message: p.message, data: null }])),
  });
}

export function missingParams(names: string[]): WcError {
  return new WcError("rest_missing_callback_param", `Missing parameter(s): ${names.join(", ")}`, 400, {
    params: names,
  });
}

export type PostType = "product" | "product_variation" | "shop_order" | "shop_order_refund";

/** "woocommerce_rest_{post_type}_invalid_id": 404 when reading, 400 when updating, as the CRUD controller answers. */
export const invalidId = (postType: PostType, status: 400 | 404) =>
  new WcError(`woocommerce_rest_${postType}_invalid_id`, "Invalid ID.", status);

export type Permission = "list" | "view" | "create" | "edit" | "delete" | "batch";

/** What a permission callback answers a request no API key authenticated (rest_authorization_required_code). */
export function notAllowed(permission: Permission): WcError {
  switch (permission) {
    case "list":
      return new WcError("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.", 401);
    case "view":
      return new WcError("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.", 401);
    case "create":
      return new WcError("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.", 401);
    case "edit":
      return new WcError("woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.", 401);
    case "delete":
      return new WcError("woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.", 401);
    case "batch":
      return new WcError(
        "woocommerce_rest_cannot_batch",
        "Sorry, you are not allowed to batch manipulate this resource.",
        401,
      );
  }
}

export const authError = (message: string, code = "woocommerce_rest_authentication_error") =>
  new WcError(code, message, 401);
