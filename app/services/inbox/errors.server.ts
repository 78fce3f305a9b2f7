import { ZodError } from "zod";
import { PayloadJsonError } from "./payload-json.server";

const MAX_ERROR_LENGTH = 2_000;

/** A failure that retrying cannot fix: the event is quarantined at once. */
export class PermanentInboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentInboxError";
  }
}

function describeZodError(error: ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "payload"}: ${issue.message}`)
    .concat(error.issues.length > 10 ? [`and ${error.issues.length - 10} more problems`] : [])
    .join("; ");
}

/**
 * What went wrong, in words an operator can act on, and whether another attempt could help. A payload that fails
 * its schema (or is not JSON) will fail the same way every time; anything else may be an outage or ordering.
 */
export function classifyFailure(error: unknown): { permanent: boolean; message: string } {
  let result: { permanent: boolean; message: string };
  if (error instanceof ZodError) result = { permanent: true, message: `invalid payload: ${describeZodError(error)}` };
  else if (error instanceof PayloadJsonError || error instanceof PermanentInboxError) {
    result = { permanent: true, message: error.message };
  } else if (error instanceof Error) result = { permanent: false, message: error.message || error.name };
  else result = { permanent: false, message: String(error) };
  return { ...result, message: result.message.slice(0, MAX_ERROR_LENGTH) };
}
