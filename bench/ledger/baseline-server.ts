// The baseline: a bare node:http server that reads the raw body, checks X-Shopify-Hmac-Sha256 (base64
// HMAC-SHA256, compared in constant time) and answers 200, or 401. No framework, no database, no queue: the floor
// the app's acknowledgement is compared with. Started as a child process by the ledger benchmark.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const secret = process.env.BENCH_WEBHOOK_SECRET ?? "";
const port = Number(process.env.PORT);
if (!secret || !Number.isInteger(port)) {
  console.error("baseline server: set BENCH_WEBHOOK_SECRET and PORT");
  process.exit(78);
}

function signatureMatches(body: Buffer, received: string | undefined): boolean {
  if (!received) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(body).digest("base64"));
  const actual = Buffer.from(received);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const server = createServer((req, res) => {
  if (req.method !== "POST") {
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const header = req.headers["x-shopify-hmac-sha256"];
    const ok = signatureMatches(Buffer.concat(chunks), Array.isArray(header) ? header[0] : header);
    res.writeHead(ok ? 200 : 401, { "content-type": "text/plain" }).end(ok ? "Received" : "Bad signature");
  });
});

server.listen(port, "127.0.0.1");
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
