import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Checkbox, FormLayout, Modal, Select, TextField } from "@shopify/polaris";
import { useRef, useState } from "react";
import { LineQuantityRow } from "./line-quantity-row";
import { fieldError, ORDER_FETCHERS, quantityField } from "./order-forms";
import { useCloseOnSuccess, useResetOnOpen } from "./use-order-form";

type Stock = { onHand: number; committed: number; available: number } | null;
export type FulfilLine = {
  id: string;
  sku: string | null;
  title: string;
  linked: boolean;
  leftToShip: number;
  location: { id: string; name: string } | null;
  stockByLocation: Record<string, Stock>;
};

/** The location holding most of the units left: where the picker most likely is. */
function likelyLocation(lines: FulfilLine[], locations: { id: string }[]) {
  const units = new Map<string, number>();
  for (const line of lines) {
    if (line.location) units.set(line.location.id, (units.get(line.location.id) ?? 0) + line.leftToShip);
  }
  const [best] = [...units.entries()].sort((a, b) => b[1] - a[1]);
  return best?.[0] ?? locations[0]?.id ?? "";
}

export function FulfilModal(props: {
  open: boolean;
  onClose: () => void;
  lines: FulfilLine[];
  locations: { id: string; name: string }[];
}) {
  const fetcher = useFetcher({ key: ORDER_FETCHERS.fulfil });
  const formRef = useRef<HTMLFormElement>(null);
  const open = props.lines.filter((line) => line.linked && line.leftToShip > 0);
  const defaults = () => Object.fromEntries(open.map((line) => [line.id, String(line.leftToShip)]));
  const [quantities, setQuantities] = useState<Record<string, string>>(defaults);
  const [locationId, setLocationId] = useState(() => likelyLocation(open, props.locations));
  const [carrier, setCarrier] = useState("");
  const [trackingNumber, setTrackingNumber] = useState("");
  const [trackingUrl, setTrackingUrl] = useState("");
  const [notifyCustomer, setNotifyCustomer] = useState(false);
  useCloseOnSuccess(fetcher, props.onClose);
  // Each opening starts from "everything unfulfilled".
  useResetOnOpen(props.open, () => {
    setQuantities(defaults());
    setLocationId(likelyLocation(open, props.locations));
    setCarrier("");
    setTrackingNumber("");
    setTrackingUrl("");
    setNotifyCustomer(false);
  });

  const units = Object.values(quantities).reduce((sum, value) => sum + (Number(value) || 0), 0);
  const error = (field: string) => (fetcher.state === "idle" ? fieldError(fetcher.data, field) : undefined);
  const formError = error("form") ?? error("lines");
  const locationName = props.locations.find((location) => location.id === locationId)?.name ?? "this location";

  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      title="Fulfil items"
      primaryAction={{
        content: units > 0 ? `Fulfil ${units} unit${units === 1 ? "" : "s"}` : "Fulfil",
        loading: fetcher.state !== "idle",
        onAction: () => fetcher.submit(formRef.current, { method: "post" }),
      }}
      secondaryActions={[{ content: "Close", onAction: props.onClose }]}
    >
      <Modal.Section>
        <fetcher.Form method="post" ref={formRef}>
          <input type="hidden" name="intent" value="fulfil" />
          <input type="hidden" name="locationId" value={locationId} />
          <input type="hidden" name="notifyCustomer" value={notifyCustomer ? "true" : "false"} />
          <FormLayout>
            {formError ? <Banner tone="critical">{formError}</Banner> : null}
            <Select
              label="Ship from"
              options={props.locations.map((location) => ({ label: location.name, value: location.id }))}
              value={locationId}
              onChange={setLocationId}
              error={error("locationId")}
            />
            <BlockStack gap="300">
              {open.map((line) => {
                const stock = line.stockByLocation[locationId];
                return (
                  <LineQuantityRow
                    key={line.id}
                    line={line}
                    detail={`${line.leftToShip} left to fulfil · ${
                      stock ? `${stock.available} available at ${locationName}` : `none at ${locationName}`
                    }`}
                    verb="fulfil"
                    max={line.leftToShip}
                    value={quantities[line.id] ?? "0"}
                    onChange={(value) => setQuantities((current) => ({ ...current, [line.id]: value }))}
                    error={error(quantityField(line.id))}
                  />
                );
              })}
            </BlockStack>
            <FormLayout.Group>
              <TextField
                label="Carrier"
                name="carrier"
                autoComplete="off"
                value={carrier}
                onChange={setCarrier}
                error={error("carrier")}
              />
              <TextField
                label="Tracking number"
                name="trackingNumber"
                autoComplete="off"
                value={trackingNumber}
                onChange={setTrackingNumber}
                error={error("trackingNumber")}
              />
            </FormLayout.Group>
            <TextField
              label="Tracking URL"
              name="trackingUrl"
              type="url"
              autoComplete="off"
              value={trackingUrl}
              onChange={setTrackingUrl}
              error={error("trackingUrl")}
            />
            <Checkbox
              label="Notify the customer"
              helpText="The channel sends its shipping confirmation."
              checked={notifyCustomer}
              onChange={setNotifyCustomer}
            />
          </FormLayout>
        </fetcher.Form>
      </Modal.Section>
    </Modal>
  );
}
