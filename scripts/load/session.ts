// A signed-in operator session for the screens: the standalone login (POST /login with the operator's credentials),
// as a browser would, keeping the session cookie it sets. The shop it sees is the first one: the world's only shop.

export async function operatorCookie(appUrl: string, credentials: { email: string; password: string }) {
  const form = new URLSearchParams({ email: credentials.email, password: credentials.password, redirectTo: "/app" });
  const response = await fetch(`${appUrl}/login`, {
    method: "POST",
    body: form,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
  const setCookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !setCookie) {
    throw new Error(`the operator login answered ${response.status} ${await response.text()}`);
  }
  const cookie = setCookie.split(";")[0]!;
  const check = await fetch(`${appUrl}/app`, { headers: { cookie }, redirect: "manual" });
  await check.arrayBuffer();
  if (check.status !== 200) throw new Error(`/app with the operator's session answered ${check.status}`);
  return cookie;
}
