import { ConfigError, getConfig, type Config } from "../app/config.server.ts";

/** Parses the configuration; a bad or missing value stops the process with a message naming it. */
export function configOrExit(): Config {
  try {
    return getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`ChannelLedger cannot start.\n${error.message}\nSee .env.example for every variable.`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
