// The admin's sections, shared by the embedded NavMenu and the standalone Navigation.
export const SECTIONS = [
  { label: "Dashboard", url: "/app", exact: true },
  { label: "Orders", url: "/app/orders" },
  { label: "Returns", url: "/app/returns" },
  { label: "Inventory", url: "/app/inventory" },
  { label: "Channels", url: "/app/channels" },
  { label: "Inbox", url: "/app/inbox" },
  { label: "Settings", url: "/app/settings" },
] as const;
