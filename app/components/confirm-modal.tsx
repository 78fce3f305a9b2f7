import { Modal, Text } from "@shopify/polaris";
import type { ReactNode } from "react";

/** Destructive actions ask first: what will happen, and a button that says it. */
export function ConfirmModal(props: {
  open: boolean;
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  loading?: boolean;
  destructive?: boolean;
  children: ReactNode;
}) {
  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      title={props.title}
      primaryAction={{
        content: props.confirmLabel,
        destructive: props.destructive ?? true,
        loading: props.loading,
        onAction: props.onConfirm,
      }}
      secondaryActions={[{ content: "Cancel", onAction: props.onClose }]}
    >
      <Modal.Section>
        {typeof props.children === "string" ? <Text as="p">{props.children}</Text> : props.children}
      </Modal.Section>
    </Modal>
  );
}
