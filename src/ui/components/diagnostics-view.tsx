import {Box, Text} from 'ink'
import {useMemo} from 'react'
import type {Diagnostic} from '../../model/diagnostics.js'
import {diagnosticLines} from './diagnostic-lines.js'
import {clip} from './format.js'
import {Lines, type Line} from './lines.js'

export interface DiagnosticsViewProps {
  readonly diagnostics: ReadonlyArray<Diagnostic>
  /** First visible line (scrolled with the arrows). */
  readonly top: number
  readonly height: number
  readonly width: number
}

export function allDiagnosticLines(list: ReadonlyArray<Diagnostic>): Line[] {
  if (list.length === 0) return [{text: 'no diagnostics', color: 'green'}]
  return list.flatMap((d) => diagnosticLines(d, ''))
}

/** Every diagnostic of the table and of loading, sorted, scrollable; only visible lines render. */
export function DiagnosticsView(p: DiagnosticsViewProps) {
  const lines = useMemo(() => allDiagnosticLines(p.diagnostics), [p.diagnostics])
  const top = Math.max(0, Math.min(p.top, lines.length - (p.height - 1)))
  return (
    <Box flexDirection="column" height={p.height}>
      <Text bold wrap="truncate">
        {clip(`DIAGNOSTICS (${p.diagnostics.length})`, p.width)}
      </Text>
      <Lines lines={lines} top={top} height={Math.max(0, p.height - 1)} width={p.width} />
    </Box>
  )
}
