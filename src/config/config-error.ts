/**
 * A configuration value that cannot be used; the message names the variable. Apart from config.ts (and zod)
 * so that the CLI's entry point can recognise it without loading them.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
