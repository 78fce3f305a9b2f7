import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const TMP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", ".tmp");
export const BASE_SQLITE_FILE = join(TMP_DIR, "base.sqlite");
