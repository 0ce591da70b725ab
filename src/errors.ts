import type {ObjectRef} from './model/diagnostics.js'

/**
 * A user-facing error with a stable code, the object and place involved when
 * known, and what to do next. Commands print `message` and `hint`, never a
 * stack trace, and exit with `exitCode`.
 */
export class IngressctlError extends Error {
  readonly code: string
  readonly hint?: string
  readonly exitCode: number
  readonly object?: ObjectRef
  readonly location?: string

  constructor(code: string, message: string, opts: {hint?: string; exitCode?: number; object?: ObjectRef; location?: string; cause?: unknown} = {}) {
    super(message, opts.cause === undefined ? undefined : {cause: opts.cause})
    this.name = 'IngressctlError'
    this.code = code
    this.hint = opts.hint
    this.exitCode = opts.exitCode ?? 2
    this.object = opts.object
    this.location = opts.location
  }
}

/** Bad command-line usage (flag values, argument combinations). Exit status 2. */
export class UsageError extends IngressctlError {
  constructor(message: string, hint?: string) {
    super('E_USAGE', message, {hint, exitCode: 2})
    this.name = 'UsageError'
  }
}

/** Input that cannot be read or contains nothing usable. Exit status 2. */
export class InputError extends IngressctlError {
  constructor(code: string, message: string, opts: {hint?: string; location?: string; cause?: unknown} = {}) {
    super(code, message, {...opts, exitCode: 2})
    this.name = 'InputError'
  }
}

export function isIngressctlError(e: unknown): e is IngressctlError {
  return e instanceof IngressctlError
}
