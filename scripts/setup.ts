// `npm run setup`: applies pending migrations to the database DATABASE_URL names.
import { DatabaseUrlSchema } from "../app/config.server.ts";
import { migrate } from "../prisma/migrate.ts";

try {
  process.loadEnvFile(".env");
} catch {
  // No .env: the environment alone configures the process.
}
// Setup needs only the database; the rest of the configuration is checked when the app starts.
const url = DatabaseUrlSchema.safeParse(process.env.DATABASE_URL);
if (!url.success) {
  console.error(`DATABASE_URL ${url.error.issues[0]?.message}`);
  process.exit(78);
}
const applied = await migrate(url.data);
const provider = url.data.startsWith("file:") ? "SQLite" : "PostgreSQL";
console.log(applied.length ? `Applied ${applied.join(", ")} to ${provider}.` : `${provider} is up to date.`);
