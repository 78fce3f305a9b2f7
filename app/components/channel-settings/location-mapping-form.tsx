import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, DataTable, InlineStack, Select, Text } from "@shopify/polaris";
import { useState } from "react";
import type { SAVE_LOCATIONS_INTENT } from "../../services/channels/location-mapping.server";
import { ConfirmModal } from "../confirm-modal";
import { useActionToast } from "../toast";
import { fieldError, type ActionResult } from "./action-result";

const INTENT = "save-locations" satisfies typeof SAVE_LOCATIONS_INTENT;
const NOT_MAPPED = "";

export type MappingRow = { id: string; externalLocationId: string; locationId: string; sellable: boolean };
export type LedgerLocation = { id: string; name: string; active: boolean };

export function LocationMappingForm(props: {
  channelName: string;
  mappings: MappingRow[];
  locations: LedgerLocation[];
}) {
  const fetcher = useFetcher<ActionResult>();
  useActionToast(fetcher.data);
  const [rows, setRows] = useState(props.mappings);
  const [confirming, setConfirming] = useState(false);
  const options = [
    { value: NOT_MAPPED, label: "Not mapped" },
    ...props.locations.map((location) => ({
      value: location.id,
      label: location.active ? location.name : `${location.name} (inactive)`,
    })),
  ];
  const change = (id: string, patch: Partial<MappingRow>) =>
    setRows((old) => old.map((row) => (row.id === id ? { ...row, ...patch } : row)));
  const unmapping = rows.filter((row) => row.locationId === NOT_MAPPED);
  const submit = () => {
    const form = new FormData();
    form.set("intent", INTENT);
    for (const row of rows) {
      form.append("channelLocationId", row.id);
      form.append("locationId", row.locationId);
      form.append("sellable", String(row.sellable));
    }
    fetcher.submit(form, { method: "post" });
    setConfirming(false);
  };

  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Locations
          </Text>
          <Text as="p" tone="subdued">
            Which ledger location each of {props.channelName}&apos;s locations stands for, and whether its stock counts
            in what the channel may sell.
          </Text>
        </BlockStack>
        {fieldError(fetcher.data, "form") ? <Banner tone="critical">{fieldError(fetcher.data, "form")}</Banner> : null}
        {rows.length === 0 ? (
          <Text as="p" tone="subdued">
            No channel locations are mapped: {props.channelName} sells from every active ledger location. A backfill
            maps the channel&apos;s locations.
          </Text>
        ) : (
          <>
            <DataTable
              columnContentTypes={["text", "text", "text"]}
              headings={["Channel location", "Ledger location", "Sellable"]}
              rows={rows.map((row) => [
                <Text as="span" key="external" fontWeight="semibold">
                  {row.externalLocationId}
                </Text>,
                <Select
                  key="location"
                  label={`Ledger location for ${row.externalLocationId}`}
                  labelHidden
                  options={options}
                  value={row.locationId}
                  onChange={(value) => change(row.id, { locationId: value })}
                  error={fieldError(fetcher.data, `location:${row.id}`)}
                />,
                <Checkbox
                  key="sellable"
                  label={`Sell stock of ${row.externalLocationId}`}
                  labelHidden
                  checked={row.sellable}
                  disabled={row.locationId === NOT_MAPPED}
                  onChange={(checked) => change(row.id, { sellable: checked })}
                />,
              ])}
            />
            <InlineStack align="end">
              <Button
                variant="primary"
                loading={fetcher.state !== "idle"}
                onClick={() => (unmapping.length > 0 ? setConfirming(true) : submit())}
              >
                Save locations
              </Button>
            </InlineStack>
          </>
        )}
      </BlockStack>
      <ConfirmModal
        open={confirming}
        title="Remove location mappings?"
        confirmLabel="Remove and save"
        loading={fetcher.state !== "idle"}
        onConfirm={submit}
        onClose={() => setConfirming(false)}
      >
        {`${unmapping.map((row) => row.externalLocationId).join(", ")} will no longer stand for a ledger location: its orders and stock stop counting until a backfill maps it again.`}
      </ConfirmModal>
    </Card>
  );
}
