import {UsageError} from '../errors.js'

const UNITS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}

/** Parses `500ms`, `5s`, `1m`, `1h` or a plain number of seconds into milliseconds; a UsageError names the flag. */
export function parseDuration(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim())
  if (!m) throw new UsageError(`invalid --${flag} value "${value}": expected a duration like 500ms, 5s or 1m`)
  const ms = Number(m[1]) * UNITS[m[2] ?? 's']
  if (!Number.isFinite(ms) || ms <= 0) throw new UsageError(`invalid --${flag} value "${value}": must be greater than zero`)
  return Math.round(ms)
}
