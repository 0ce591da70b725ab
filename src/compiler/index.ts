// STUB: owned by the compiler workstream; replaced by the real compiler.
import type {RouteTable} from '../model/routes.js'
import type {Snapshot} from '../model/snapshot.js'

export interface CompileOptions {
  /** --ingress-class: only this class (plus class-less Ingresses when it is the default IngressClass). */
  readonly ingressClass?: string
}

/** Pure: snapshot in, immutable route table (with its diagnostics) out. No I/O, no clock. */
export function compile(_snapshot: Snapshot, _options: CompileOptions = {}): RouteTable {
  throw new Error('compile: not implemented yet')
}
