import {Command} from '@oclif/core'
import {isIngressctlError} from '../errors.js'
import {closest} from './suggest.js'

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
    const unknown = (err as {flags?: unknown}).flags
    if (Array.isArray(unknown) && /^Nonexistent flags?:/.test(err.message)) {
      const hints = unknown.map((f) => didYouMeanFlag(String(f), this.ctor.flags ?? {})).filter((h) => h !== undefined)
      if (hints.length > 0) err.message = err.message.replace(/^(Nonexistent flags?: .*)$/m, `$1\n${hints.join('\n')}`)
    }
    return super.catch(err)
  }

  /** Write a line to stdout without oclif's formatting. */
  protected out(text: string): void {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
  }
}

/** `Did you mean --output?` for a mistyped flag (`--outptu`, `--no-acess-log`), or undefined. */
export function didYouMeanFlag(typed: string, flags: Record<string, {char?: string; allowNo?: boolean}>): string | undefined {
  const name = typed.replace(/=.*$/, '')
  const forms: string[] = []
  for (const [long, def] of Object.entries(flags)) {
    forms.push(`--${long}`)
    if (def.allowNo) forms.push(`--no-${long}`)
  }
  const guess = closest(name, forms)
  return guess === undefined ? undefined : `Did you mean ${guess}?`
}
