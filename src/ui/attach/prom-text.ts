/** One sample of the Prometheus text exposition format. */
export interface Sample {
  readonly name: string
  readonly labels: Readonly<Record<string, string>>
  readonly value: number
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+\S+)?\s*$/

function parseLabels(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  let i = 0
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === ',') i++
    if (i >= text.length) break
    const eq = text.indexOf('=', i)
    if (eq < 0 || text[eq + 1] !== '"') return undefined
    const name = text.slice(i, eq).trim()
    let value = ''
    let j = eq + 2
    for (; j < text.length; j++) {
      const c = text[j]
      if (c === '\\') {
        const n = text[++j]
        value += n === 'n' ? '\n' : n
      } else if (c === '"') break
      else value += c
    }
    if (j >= text.length) return undefined
    out[name] = value
    i = j + 1
  }
  return out
}

function parseValue(v: string): number {
  if (v === '+Inf') return Infinity
  if (v === '-Inf') return -Infinity
  return Number(v)
}

/**
 * Parses the Prometheus text exposition format (version 0.0.4, what prom-client
 * serves): comment and HELP/TYPE lines are skipped, label values unescaped.
 * Malformed lines are ignored.
 */
export function parsePrometheusText(text: string): Sample[] {
  const out: Sample[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const m = LINE.exec(line)
    if (!m) continue
    const labels = m[3] ? parseLabels(m[3]) : {}
    if (!labels) continue
    const value = parseValue(m[4]!)
    if (Number.isNaN(value)) continue
    out.push({name: m[1]!, labels, value})
  }
  return out
}
