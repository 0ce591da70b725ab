/**
 * Does the client's Accept header prefer JSON over text? JSON wins when
 * application/json (or application/*, or a +json type) gets a higher quality
 * than text/plain and text/html, or the same quality and is listed first.
 * `*\/*` alone (curl's default) and a missing header mean text.
 */
export function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false
  let jsonQ = 0
  let jsonSpecific = -1
  let jsonPos = Infinity
  let textQ = 0
  let textSpecific = -1
  let textPos = Infinity
  const parts = accept.split(',')
  for (let i = 0; i < parts.length; i++) {
    const [typeRaw, ...params] = parts[i]!.split(';')
    const type = typeRaw!.trim().toLowerCase()
    let q = 1
    for (const p of params) {
      const [k, v] = p.split('=')
      if (k?.trim().toLowerCase() === 'q') q = Number(v?.trim()) || 0
    }
    const j = type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json')) ? 2 : type === 'application/*' ? 1 : type === '*/*' ? 0 : -1
    if (j > jsonSpecific) {
      jsonSpecific = j
      jsonQ = q
      jsonPos = j > 0 ? i : Infinity
    }
    const t = type === 'text/plain' || type === 'text/html' ? 2 : type === 'text/*' ? 1 : type === '*/*' ? 0 : -1
    if (t > textSpecific) {
      textSpecific = t
      textQ = q
      textPos = t > 0 ? i : Infinity
    }
  }
  if (jsonSpecific <= 0 || jsonQ <= 0) return false
  if (jsonQ !== textQ) return jsonQ > textQ
  return jsonPos < textPos
}
