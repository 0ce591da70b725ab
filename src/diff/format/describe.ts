import type {EffectiveChange, FieldChange, RouteView} from '../types.js'

// `shop.example.com/v1`, `*/v1` for host-less rules, `default backend`.
export function where(r: RouteView): string {
  return r.defaultBackend ? 'default backend' : `${r.host}${r.path}`
}

export function fieldText(f: FieldChange): string {
  return `${f.field}: ${f.before ?? '(none)'} → ${f.after ?? '(none)'}`
}

/** `GET shop.example.com/v1/orders` */
export function requestText(e: EffectiveChange): string {
  return `${e.method} ${e.host}${e.path}`
}

/** `api:80 → orders:8080 (now served by shop/orders Prefix /v1/orders)` */
export function effectiveText(e: EffectiveChange): string {
  if (e.before.effect !== undefined && e.after?.effect !== undefined) return `${e.before.effect} → ${e.after.effect} (${e.after.route})`
  if (e.after === null) return `${e.before.backend} → 404 (no route serves it now; was ${e.before.route})`
  return `${e.before.backend} → ${e.after.backend} (now served by ${e.after.route})`
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}

export function summaryText(s: {added: number; removed: number; changed: number; effective: number}): string {
  return `${s.added} added, ${s.removed} removed, ${s.changed} changed, ${plural(s.effective, 'effective change')}`
}
