import type {Logger} from '../log/logger.js'

/**
 * The gateway's last resort: an exception nothing caught (a bug, or a library
 * throwing from an event handler) is logged with its stack and the process
 * keeps serving, rather than dropping every connection of every client. Each
 * request path guards its own writes; this only catches what slipped through.
 * Returns a function that removes the handlers (at shutdown).
 */
export function installLastResort(logger: Logger): () => void {
  const onException = (err: unknown): void => {
    try {
      logger.error('internal error; the gateway keeps serving', {error: describe(err)})
    } catch {
      // Logging must not throw from here.
    }
  }
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onException)
  return () => {
    process.removeListener('uncaughtException', onException)
    process.removeListener('unhandledRejection', onException)
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`
  return String(err)
}
