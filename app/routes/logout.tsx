import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { destroyOperatorSession } from "../auth/operator.server";

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/login", { headers: { "Set-Cookie": await destroyOperatorSession(request) } });
}

export async function loader() {
  return redirect("/app");
}
