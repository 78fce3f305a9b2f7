import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, Card, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useActionToast } from "../toast";
import { errorOn, type ReturnAnswer } from "./return-forms";

export function ReturnNotesCard(props: { note: string | null }) {
  const fetcher = useFetcher<ReturnAnswer>();
  useActionToast(fetcher.data);
  const [note, setNote] = useState("");
  // A note that was added leaves the field empty for the next; a refused one stays to be corrected.
  const [answered, setAnswered] = useState(fetcher.data);
  if (fetcher.data !== answered) {
    setAnswered(fetcher.data);
    if (fetcher.data?.ok) setNote("");
  }
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Notes
        </Text>
        {props.note ? (
          <Text as="p">
            <span style={{ whiteSpace: "pre-wrap" }}>{props.note}</span>
          </Text>
        ) : (
          <Text as="p" tone="subdued">
            No notes yet.
          </Text>
        )}
        <fetcher.Form method="post">
          <BlockStack gap="200">
            <input type="hidden" name="intent" value="add-note" />
            <TextField
              label="Add a note"
              name="note"
              value={note}
              onChange={setNote}
              multiline={2}
              maxLength={1000}
              autoComplete="off"
              error={errorOn(fetcher.data, "note")}
            />
            <div>
              <Button submit loading={fetcher.state !== "idle"}>
                Add note
              </Button>
            </div>
          </BlockStack>
        </fetcher.Form>
      </BlockStack>
    </Card>
  );
}
