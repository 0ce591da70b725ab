import {Box, Text} from 'ink'
import type {SourceState} from '../../sources/types.js'
import type {AttachStatus} from '../attach/poller.js'
import {clip, clock, plural} from './format.js'

export interface HeaderProps {
  readonly label: string
  readonly state: SourceState
  readonly routes: number
  readonly hosts: number
  readonly errors: number
  readonly warnings: number
  readonly changedAt: number
  readonly attach?: AttachStatus
  /** A rejected reload (the last good table stays shown). */
  readonly notice?: string
  readonly width: number
}

function stateText(s: SourceState): {text: string; color: string} {
  if (s.status === 'live') return {text: '● live', color: 'green'}
  if (s.status === 'reconnecting') return {text: `◌ reconnecting since ${clock(s.since)}`, color: 'yellow'}
  return {text: `○ stale since ${clock(s.since)}`, color: 'red'}
}

/** Two lines: source and connection state; counts, last change and --attach status. */
export function Header(p: HeaderProps) {
  const st = stateText(p.state)
  const title = `ingressctl routes · ${p.label} · `
  const reason = p.state.status !== 'live' && p.state.reason ? ` (${p.state.reason})` : ''
  const counts = `${plural(p.routes, 'route')} · ${plural(p.hosts, 'host')} · ${plural(p.errors, 'error')} · ${plural(p.warnings, 'warning')} · changed ${clock(p.changedAt)}`
  const attach = p.attach ? (p.attach.ok ? ` · attached ${p.attach.url}` : ` · attach: ${p.attach.error ?? 'waiting'}`) : ''
  const line1Rest = Math.max(0, p.width - title.length - st.text.length)
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>{clip(title, p.width)}</Text>
        <Text color={st.color}>{clip(st.text, Math.max(0, p.width - title.length))}</Text>
        <Text dimColor>{clip(reason, line1Rest)}</Text>
      </Text>
      {p.notice ? (
        <Text wrap="truncate" color="yellow">
          {clip(`! ${p.notice}`, p.width)}
        </Text>
      ) : (
        <Text wrap="truncate" dimColor>
          {clip(counts + attach, p.width)}
        </Text>
      )}
    </Box>
  )
}
