import type {Diagnostic} from '../../model/diagnostics.js'
import type {RouteTable} from '../../model/routes.js'
import type {Snapshot} from '../../model/snapshot.js'

/** What `routes -o` prints: the compiled table, the snapshot it came from, and load-time findings. */
export interface RoutesResult {
  readonly table: RouteTable
  readonly snapshot: Snapshot
  readonly loadDiagnostics: ReadonlyArray<Diagnostic>
}

export interface Printed {
  readonly stdout: string
  /** A summary for humans (never part of machine-readable output). */
  readonly stderr?: string
}

export type RoutesFormatter = (r: RoutesResult) => Printed
