import { type LoggerLike } from "./queue.ts";

// Used when a queue is built without the app's pino logger (scripts, ad-hoc use): problems still reach stderr.
export const fallbackLogger: LoggerLike = {
  info: () => {},
  warn: (obj, msg) => console.warn(msg ?? "", obj),
  error: (obj, msg) => console.error(msg ?? "", obj),
};
