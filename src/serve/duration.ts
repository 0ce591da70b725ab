import parse from 'parse-duration'
import {UsageError} from '../errors.js'

/** Go's time.ParseDuration units (kubectl's duration flags take the same). */
const GO_UNITS = new Set(['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h'])

/**
 * Parses a flag's duration into milliseconds, in the form Go and kubectl take
 * (`250ms`, `90s`, `1m30s`, `1.5h`; units ns us µs ms s m h), or a plain number
 * of seconds (`30`, as kubectl's --request-timeout). The arithmetic is
 * parse-duration's; since that library skips words it does not know (`1h foo`
 * is 1h to it), every unit is checked to be one of Go's first, and a number
 * without a unit after `1m` (`1m30`) is refused as Go refuses it.
 * A UsageError names the flag and the accepted forms.
 */
export function parseDuration(flag: string, value: string): number {
  const text = value.trim()
  const seconds = text === '' ? Number.NaN : Number(text)
  let ms: number | null | undefined
  if (Number.isFinite(seconds)) ms = seconds * 1000
  else if (goUnitsOnly(text)) ms = parse(text)
  if (ms === null || ms === undefined || !Number.isFinite(ms)) {
    throw new UsageError(`invalid --${flag} value "${value}": expected a duration like 250ms, 90s, 1m30s or 1h`)
  }
  const rounded = Math.round(ms)
  if (rounded <= 0) throw new UsageError(`invalid --${flag} value "${value}": must be at least 1ms`)
  return rounded
}

/** Every run of letters between the numbers is a Go unit, and the text ends with one. */
function goUnitsOnly(text: string): boolean {
  const units = text.split(/[0-9.]+/)
  if (units[0] !== '' || units.length < 2) return false
  return units.slice(1).every((u) => GO_UNITS.has(u))
}
