import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TMP_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", ".tmp");

// Each vitest run gets its own folder (set by the global setup before workers start), so runs started
// side by side never delete each other's databases.
export const TMP_DIR = process.env.CL_TEST_RUN_DIR ?? join(TMP_ROOT, "shared");
export const BASE_SQLITE_FILE = join(TMP_DIR, "base.sqlite");
export { TMP_ROOT };
