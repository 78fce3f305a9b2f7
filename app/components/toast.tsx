import { useAppBridge } from "@shopify/app-bridge-react";
import { Toast } from "@shopify/polaris";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

type ShowToast = (message: string, options?: { error?: boolean }) => void;

const ToastContext = createContext<ShowToast>(() => undefined);

/** Standalone: a Polaris Toast inside the Frame. */
export function StandaloneToasts(props: { children: ReactNode }) {
  const [toast, setToast] = useState<{ message: string; error: boolean; key: number } | null>(null);
  useEffect(() => {
    // Polaris draws the toast's close button as an icon without a name; screen readers would announce "button".
    // The Frame renders it after this effect, so watch for it while a toast is up.
    if (!toast) return;
    const name = () => {
      for (const button of document.querySelectorAll(".Polaris-Frame-Toast__CloseButton:not([aria-label])")) {
        button.setAttribute("aria-label", "Dismiss notification");
      }
    };
    name();
    const observer = new MutationObserver(name);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [toast]);
  const show = useCallback<ShowToast>(
    (message, options) => setToast({ message, error: options?.error ?? false, key: Date.now() }),
    [],
  );
  return (
    <ToastContext.Provider value={show}>
      {props.children}
      {toast ? (
        <Toast key={toast.key} content={toast.message} error={toast.error} onDismiss={() => setToast(null)} />
      ) : null}
    </ToastContext.Provider>
  );
}

/** Inside the Shopify admin: App Bridge's toast, which the admin draws outside the app's iframe. */
export function EmbeddedToasts(props: { children: ReactNode }) {
  const shopify = useAppBridge();
  const show = useCallback<ShowToast>(
    (message, options) => {
      shopify.toast.show(message, { isError: options?.error ?? false });
    },
    [shopify],
  );
  return <ToastContext.Provider value={show}>{props.children}</ToastContext.Provider>;
}

export function useToast(): ShowToast {
  return useContext(ToastContext);
}

/**
 * Shows an action's `toast` once per answer: a mutation's success message (or its error, with `error: true`) goes
 * to the toast, whichever mode the admin runs in.
 */
export function useActionToast(answer: unknown) {
  const show = useToast();
  const shown = useRef<unknown>(null);
  const toast = useMemo(() => readToast(answer), [answer]);
  useEffect(() => {
    if (!toast || shown.current === answer) return;
    shown.current = answer;
    show(toast.message, { error: toast.error });
  }, [answer, show, toast]);
}

function readToast(answer: unknown): { message: string; error: boolean } | null {
  if (!answer || typeof answer !== "object" || !("toast" in answer)) return null;
  const toast = (answer as { toast: unknown }).toast;
  if (typeof toast !== "string" || toast.length === 0) return null;
  return { message: toast, error: "ok" in answer && (answer as { ok: unknown }).ok === false };
}
