import pino from "pino";

// Secrets and personal data never reach the logs: these paths are censored wherever they appear.
const REDACT = [
  "password",
  "*.password",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "apiKey",
  "*.apiKey",
  "key",
  "*.key",
  "consumerSecret",
  "*.consumerSecret",
  "credentials",
  "*.credentials",
  "email",
  "*.email",
  "headers.authorization",
  "headers.cookie",
  'headers["x-shopify-hmac-sha256"]',
  'headers["x-wc-webhook-signature"]',
];

declare global {
  var channelLedgerLogger: pino.Logger | undefined;
}

export function createLogger(
  level = process.env.LOG_LEVEL ?? "info",
  destination?: pino.DestinationStream,
): pino.Logger {
  const options = { level, base: { service: "channelledger" }, redact: { paths: REDACT, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}

/** Commands whose stdout is their answer (the CLI's --json) log to stderr instead. */
export function logToStderr(): void {
  global.channelLedgerLogger = createLogger(undefined, pino.destination({ dest: 2, sync: true }));
}

/** The process logger; child loggers carry a request id or a job id. */
export function getLogger(): pino.Logger {
  global.channelLedgerLogger ??= createLogger();
  return global.channelLedgerLogger;
}

export type Logger = pino.Logger;
