import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { formatDateTime } from "../format";
import { returnProgress, type ProgressState, type StepRecord } from "./status";

const BADGE: Record<ProgressState, { progress: "complete" | "partiallyComplete" | "incomplete"; words: string }> = {
  done: { progress: "complete", words: "done" },
  current: { progress: "partiallyComplete", words: "now" },
  upcoming: { progress: "incomplete", words: "to come" },
  skipped: { progress: "incomplete", words: "skipped" },
};

/** The return's life as steps, each with when it was reached when that is known. */
export function ReturnProgress(props: { status: string; openedAt: Date | string; records: StepRecord[] }) {
  const steps = returnProgress(props.status, props.openedAt, props.records);
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Progress
        </Text>
        <BlockStack as="ol" gap="200" aria-label="Return progress">
          {steps.map((step) => {
            // The last step reached is complete, not under way.
            const badge = step.state === "current" && step.key === "closed" ? BADGE.done : BADGE[step.state];
            return (
              <li
                key={step.key}
                style={{ listStyle: "none" }}
                aria-current={step.state === "current" ? "step" : undefined}
              >
                <InlineStack gap="200" blockAlign="center">
                  <Badge
                    progress={badge.progress}
                    tone={step.state === "current" ? "info" : undefined}
                    toneAndProgressLabelOverride={`${step.label}: ${badge.words}`}
                  >
                    {step.label}
                  </Badge>
                  <Text as="span" tone="subdued">
                    {step.at ? formatDateTime(step.at) : step.state === "skipped" ? "skipped" : ""}
                  </Text>
                </InlineStack>
              </li>
            );
          })}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
