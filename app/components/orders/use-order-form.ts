import { useEffect, useRef, useState } from "react";
import { succeeded } from "./order-forms";

/** Closes a form's modal once its submission comes back a success (not on an earlier answer still held). */
export function useCloseOnSuccess(fetcher: { state: string; data: unknown }, close: () => void) {
  const handled = useRef<unknown>(fetcher.data);
  useEffect(() => {
    if (fetcher.state !== "idle" || fetcher.data === handled.current) return;
    handled.current = fetcher.data;
    if (succeeded(fetcher.data)) close();
  }, [fetcher.state, fetcher.data, close]);
}

/**
 * Each opening of a form starts from its defaults: what is left to fulfil or return changes after every action.
 * Done while rendering (React's "adjusting state when a prop changes"), so the first frame already shows them.
 */
export function useResetOnOpen(open: boolean, reset: () => void) {
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) reset();
  }
}
