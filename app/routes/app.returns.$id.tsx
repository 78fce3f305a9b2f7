import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { requireShopContext } from "../auth/shop-context.server";
import { formatDateTime } from "../components/format";
import { ReceiveReturnCard } from "../components/returns/receive-return-card";
import { ReturnActivityCard } from "../components/returns/return-activity-card";
import { fieldOf, receiptFromForm, ReturnActionSchema, type ReturnAnswer } from "../components/returns/return-forms";
import { ReturnLinesCard } from "../components/returns/return-lines-card";
import { ReturnNotesCard } from "../components/returns/return-notes-card";
import { ReturnProgress } from "../components/returns/return-progress";
import { ReturnStatusBadge } from "../components/returns/return-status-badge";
import { ReturnStepsCard } from "../components/returns/return-steps-card";
import { ReturnSummaryCard } from "../components/returns/return-summary-card";
import { statusLabel } from "../components/returns/status";
import { RouteError } from "../components/route-error";
import { formError, parseForm } from "../forms.server";
import { getDb } from "../db.server";
import { OrderActionError } from "../services/orders/errors";
import { receiveReturn } from "../services/orders/receive-return.server";
import { addReturnNote, moveReturn } from "../services/orders/return-status.server";
import { getReturnDetail } from "../services/read/returns.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Return of ${data.order.name}` : "Return"} · ChannelLedger` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await requireShopContext(request);
  const detail = await getReturnDetail(getDb(), shop.id, params.id ?? "");
  if (!detail) throw new Response("There is no such return in this shop.", { status: 404 });
  return detail;
}

const STATUS_OF_REFUSAL = { not_found: 404, conflict: 409, invalid: 400 } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop, actor } = await requireShopContext(request);
  const parsed = await parseForm(request, ReturnActionSchema);
  if (!parsed.ok) return parsed.refusal;
  const returnId = params.id ?? "";
  const options = { actor, source: "ui" };
  const form = parsed.data;
  const receipt = form.intent === "receive" ? receiptFromForm(form) : null;
  try {
    switch (form.intent) {
      case "approve":
        await moveReturn(getDb(), shop.id, "approve", { returnId }, options);
        return answer("Return approved");
      case "decline":
        await moveReturn(getDb(), shop.id, "decline", { returnId, reason: form.reason }, options);
        return answer("Return declined");
      case "mark-in-transit":
        await moveReturn(getDb(), shop.id, "markInTransit", { returnId }, options);
        return answer("Return marked in transit");
      case "close":
        await moveReturn(getDb(), shop.id, "close", { returnId }, options);
        return answer("Return closed");
      case "add-note":
        await addReturnNote(getDb(), shop.id, { returnId, note: form.note }, options);
        return answer("Note added");
      case "receive": {
        const received = await receiveReturn(
          getDb(),
          shop.id,
          { returnId, lines: receipt!.lines, refund: receipt!.refund },
          options,
        );
        const units = receipt!.lines.reduce((sum, line) => sum + line.quantity, 0);
        return answer(`${units} unit(s) received: return ${statusLabel(received.status).toLowerCase()}`);
      }
    }
  } catch (error) {
    if (!(error instanceof OrderActionError)) throw error;
    return formError(
      { [fieldOf(error.path, receipt?.formIndex)]: [error.message] },
      { status: STATUS_OF_REFUSAL[error.code], toast: error.message },
    );
  }
}

const answer = (toast: string): ReturnAnswer => ({ ok: true, toast });

export default function ReturnPage() {
  const detail = useLoaderData<typeof loader>();
  const receivable = detail.lines.filter((line) => line.disposition === null && line.receivedQty === 0);
  return (
    <Page
      title={`Return of ${detail.order.name}`}
      titleMetadata={<ReturnStatusBadge status={detail.status} />}
      subtitle={`Opened ${formatDateTime(detail.createdAt)}`}
      backAction={{ content: "Returns", url: "/app/returns" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <ReturnLinesCard lines={detail.lines} />
            {detail.steps.receive ? (
              <ReceiveReturnCard
                // A receipt changes which lines are still expected: start the form afresh from them.
                key={receivable.map((line) => `${line.id}:${line.quantity}`).join(",")}
                lines={receivable}
                channelName={detail.order.channel.name}
              />
            ) : null}
            <ReturnActivityCard activity={detail.activity} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <ReturnSummaryCard summary={detail} />
            <ReturnStepsCard
              steps={detail.steps}
              unitsExpected={detail.unitsExpected}
              channelName={detail.order.channel.name}
            />
            <ReturnProgress
              status={detail.status}
              openedAt={detail.createdAt}
              records={detail.activity.map((event) => ({ from: event.from, to: event.to, createdAt: event.createdAt }))}
            />
            <ReturnNotesCard note={detail.note} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Return" />;
}
