import {Command} from '@oclif/core'
import {isIngressctlError} from '../errors.js'

/**
 * Base of every ingressctl command: turns typed errors into a message, a hint
 * and an exit status, never a stack trace. Commands stay thin: parse flags,
 * call a service in src/, print its result.
 */
export abstract class BaseCommand extends Command {
  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    if (isIngressctlError(err)) {
      const where = err.location ? `${err.location}: ` : ''
      process.stderr.write(`error: ${where}${err.message}\n`)
      if (err.hint) process.stderr.write(`  hint: ${err.hint}\n`)
      this.exit(err.exitCode)
    }
    // oclif's own parse errors (unknown flag, missing argument) already exit 2 with a --help pointer.
    return super.catch(err)
  }

  /** Write a line to stdout without oclif's formatting. */
  protected out(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  }
}
