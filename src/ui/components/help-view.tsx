import {Box, Text} from 'ink'
import {Lines, type Line} from './lines.js'

export const HELP: ReadonlyArray<readonly [string, string]> = [
  ['↑ ↓  j k', 'move the selection'],
  ['PgUp PgDn  g G', 'page up / down, first / last route'],
  ['/', 'filter by host, path or service (enter keeps it, esc clears)'],
  ['enter', 'detail pane: source file:line, endpoints, diagnostics, shadowing'],
  ['t', 'test a URL: which route serves it and why'],
  ['d', 'all diagnostics'],
  ['?', 'this help'],
  ['esc', 'close the pane / clear the filter'],
  ['q  ctrl-c', 'quit'],
]

export function HelpView({height, width}: {readonly height: number; readonly width: number}) {
  const lines: Line[] = [
    ...HELP.map(([k, v]) => ({text: `  ${k.padEnd(16)} ${v}`})),
    {text: ''},
    {text: '  Rows marked ! have diagnostics; rows marked + changed in the last update.', dim: true},
  ]
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>KEYS</Text>
      <Lines lines={lines} height={Math.max(0, height - 1)} width={width} />
    </Box>
  )
}
