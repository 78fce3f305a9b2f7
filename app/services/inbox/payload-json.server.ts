// Channel payloads are JSON whose ids can exceed 2^53 (Shopify's test deliveries do): JSON.parse would silently
// round them, and two orders could share an id. Such integers are kept as their decimal strings instead.

export class PayloadJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PayloadJsonError";
  }
}

const LONG_INTEGER = /\d{16}/;

function quoteUnsafeIntegers(text: string): string {
  let out = "";
  let copiedUpTo = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    if (char !== "-" && (char === undefined || char < "0" || char > "9")) continue;
    let end = index + 1;
    while (end < text.length && /[0-9.eE+-]/.test(text[end] ?? "")) end += 1;
    const token = text.slice(index, end);
    if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
      out += `${text.slice(copiedUpTo, index)}"${token}"`;
      copiedUpTo = end;
    }
    index = end - 1;
  }
  return copiedUpTo === 0 ? text : out + text.slice(copiedUpTo);
}

/** Parses a stored payload. The error names only a position, never the text around it (it may be personal). */
export function parsePayloadJson(text: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    const where = position === undefined ? "" : ` (at character ${position})`;
    throw new PayloadJsonError(text.trim() === "" ? "payload is empty" : `payload is not valid JSON${where}`);
  }
  // Parsing twice only for payloads that hold a long digit run somewhere; almost none do.
  return LONG_INTEGER.test(text) ? JSON.parse(quoteUnsafeIntegers(text)) : parsed;
}
