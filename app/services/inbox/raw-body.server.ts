/** How much of a refused body is read and thrown away, in multiples of the limit, before the connection is cut. */
const DISCARD_FACTOR = 8;

/**
 * The request body as bytes, or null when it is larger than limitBytes. Signatures are computed over these exact
 * bytes, and reading stops at the limit so an oversized body is never held in memory whole.
 */
export async function readRawBody(request: Request, limitBytes: number): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) {
    if (request.body) discardInBackground(request.body.getReader(), DISCARD_FACTOR * limitBytes);
    return null;
  }
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > limitBytes) {
      discardInBackground(reader, DISCARD_FACTOR * limitBytes);
      return null;
    }
    chunks.push(value);
  }
}

/**
 * Reads the rest of a refused body without keeping it, up to a bound. Cancelling at once destroys the connection
 * while the sender is still sending, and it never sees the 413 (the webhooks here, the REST API in body.server.ts).
 */
export function discardInBackground(reader: ReadableStreamDefaultReader<Uint8Array>, limitBytes: number) {
  void (async () => {
    let discarded = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        discarded += value.byteLength;
        if (discarded > limitBytes) {
          await reader.cancel();
          return;
        }
      }
    } catch {
      // The sender went away; nothing is left to discard.
    }
  })();
}
