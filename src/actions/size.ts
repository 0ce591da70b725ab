/**
 * Sizes as nginx reads them for `client_max_body_size` (ngx_conf_set_off_slot
 * → ngx_parse_offset in src/core/ngx_parse.c): digits, optionally followed by
 * one unit letter k/K (×1024), m/M (×1024²) or g/G (×1024³). Nothing else is
 * accepted — no spaces, no sign, no `b` (ingress-nginx's annotation validator
 * lets a `b` through, but nginx then refuses the configuration).
 */

const UNITS: Readonly<Record<string, number>> = {k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024}

/** The size in bytes, or undefined when nginx would refuse the value. */
export function parseNginxSize(raw: string): number | undefined {
  const m = /^(\d+)([kKmMgG]?)$/.exec(raw)
  if (!m) return undefined
  const n = Number(m[1]) * (m[2] ? UNITS[m[2].toLowerCase()]! : 1)
  return Number.isSafeInteger(n) ? n : undefined
}

/** A byte count the way a user writes it back (1048576 → "1m"), for `routes` and `match`. */
export function formatSize(bytes: number): string {
  for (const [unit, f] of [
    ['g', UNITS.g!],
    ['m', UNITS.m!],
    ['k', UNITS.k!],
  ] as const) {
    if (bytes >= f && bytes % f === 0) return `${bytes / f}${unit}`
  }
  return String(bytes)
}

/** ingress-nginx's ConfigMap default for `proxy-body-size` (internal/ingress/controller/config/config.go). */
export const DEFAULT_BODY_SIZE = '1m'
