import {Text} from 'ink'
import {clip} from './format.js'

export type Mode = 'list' | 'filter' | 'url' | 'diagnostics' | 'help'

const HINTS: Record<Mode, string> = {
  list: '↑↓/jk move  / filter  enter detail  t test URL  d diagnostics  ? help  q quit',
  filter: 'type to filter by host, path or service  enter keep  esc clear',
  url: 'type a URL  enter test  esc back',
  diagnostics: '↑↓/jk scroll  esc back  q quit',
  help: 'esc back  q quit',
}

/** Key hints for the current mode, always visible. */
export function Footer({mode, width, position}: {readonly mode: Mode; readonly width: number; readonly position?: string}) {
  const left = position ? `${position}  ` : ''
  return (
    <Text inverse wrap="truncate">
      {clip(`${left}${HINTS[mode]}`.padEnd(width), width)}
    </Text>
  )
}
