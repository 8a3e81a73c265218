import { loadConfig } from '../config/config.ts';
import { StartupError } from '../core/startup-error.ts';
import { FlowValidationError } from '../flow-engine/load.ts';
import { type RunningApp, type StartAppOptions, startApp } from '../main.ts';
import { CliError } from './errors.ts';

/**
 * Starts the app and keeps it running until SIGTERM or SIGINT, then stops it gracefully (no new
 * updates, in-flight messages and jobs finished, connections closed) and exits 0.
 */
export async function serveUntilSignal(options: Omit<StartAppOptions, 'config'>): Promise<void> {
  const config = loadConfig();
  let app: RunningApp;
  try {
    app = await startApp({ config, ...options });
  } catch (error) {
    if (error instanceof FlowValidationError) throw new CliError(`invalid flow: ${error.message}`);
    if (error instanceof StartupError) throw new CliError(error.message);
    if ((error as { code?: string }).code === 'EADDRINUSE') {
      throw new CliError(`HTTP_PORT ${config.HTTP_PORT} is already in use (set another)`);
    }
    throw error;
  }
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      app.logger.info({ signal }, 'signal received');
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      app.stop().then(resolve, (error: unknown) => {
        app.logger.error({ err: error }, 'stop failed');
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  // The last log lines are written asynchronously: flush them before leaving.
  await new Promise<void>((resolve) => {
    app.logger.flush(() => resolve());
    setTimeout(resolve, 1000).unref();
  });
  // Leftover timers of libraries must not keep a stopped process alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
}
