import type {Diagnostic} from '../model/diagnostics.js'
import {diagnosticLines} from './diagnostics-text.js'
import type {LogFormat} from './request-record.js'

export type Level = 'info' | 'warn' | 'error'

/**
 * Operational messages of the gateway (reloads, rejected edits, certificate
 * warnings) on stderr: `ingressctl: LEVEL: message` lines, or JSON objects
 * with --log-format json. Never given key material.
 */
export class Logger {
  constructor(
    private readonly format: LogFormat,
    private readonly out: NodeJS.WritableStream,
    private readonly now: () => number = Date.now,
  ) {}

  info(msg: string, fields: Record<string, unknown> = {}): void {
    this.write('info', msg, fields)
  }

  warn(msg: string, fields: Record<string, unknown> = {}): void {
    this.write('warn', msg, fields)
  }

  error(msg: string, fields: Record<string, unknown> = {}): void {
    this.write('error', msg, fields)
  }

  /** Each diagnostic with its file:line:col and hint. */
  diagnostics(list: ReadonlyArray<Diagnostic>): void {
    for (const d of list) {
      const level: Level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warn' : 'info'
      if (this.format === 'json') {
        this.write(level, d.message, {
          rule: d.rule,
          ...(d.location ? {file: d.location.file, line: d.location.line, col: d.location.col} : {}),
          ...(d.hint ? {hint: d.hint} : {}),
        })
      } else {
        for (const line of diagnosticLines(d)) this.out.write(`  ${line}\n`)
      }
    }
  }

  private write(level: Level, msg: string, fields: Record<string, unknown>): void {
    if (this.format === 'json') {
      this.out.write(`${JSON.stringify({time: new Date(this.now()).toISOString(), level, msg, ...fields})}\n`)
      return
    }
    const extra = Object.entries(fields)
      .map(([k, v]) => ` ${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join('')
    this.out.write(`ingressctl: ${level === 'info' ? '' : `${level}: `}${msg}${extra}\n`)
  }
}
