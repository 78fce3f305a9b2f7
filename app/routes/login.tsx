import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AppProvider, Banner, BlockStack, Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { useState } from "react";
import { z } from "zod";
import {
  checkOperatorCredentials,
  commitOperatorSession,
  getOperator,
  safeRedirectPath,
} from "../auth/operator.server";
import { readFormData } from "../forms.server";

export const meta: MetaFunction = () => [{ title: "Sign in · ChannelLedger" }];

const LoginSchema = z.object({
  email: z.string().trim().min(1, "Enter your email"),
  password: z.string().min(1, "Enter your password"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectPath(new URL(request.url).searchParams.get("redirectTo"));
  if (await getOperator(request)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request }: ActionFunctionArgs) {
  const parsed = LoginSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) {
    return data({ error: parsed.error.issues[0]?.message ?? "Invalid form" }, { status: 400 });
  }
  if (!checkOperatorCredentials(parsed.data.email, parsed.data.password)) {
    return data({ error: "Email or password is not right" }, { status: 401 });
  }
  const cookie = await commitOperatorSession(request, { operator: parsed.data.email.toLowerCase() });
  return redirect(safeRedirectPath(parsed.data.redirectTo), { headers: { "Set-Cookie": cookie } });
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  return (
    <AppProvider i18n={en}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <BlockStack gap="400">
              <Text as="h1" variant="headingLg">
                Sign in to ChannelLedger
              </Text>
              {result?.error ? <Banner tone="critical">{result.error}</Banner> : null}
              <FormLayout>
                <input type="hidden" name="redirectTo" value={redirectTo} />
                <TextField
                  label="Email"
                  name="email"
                  type="email"
                  autoComplete="username"
                  value={email}
                  onChange={setEmail}
                />
                <TextField
                  label="Password"
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={setPassword}
                />
                <Button submit variant="primary" loading={navigation.state === "submitting"}>
                  Sign in
                </Button>
              </FormLayout>
            </BlockStack>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
