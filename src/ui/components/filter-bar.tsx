import {Text} from 'ink'
import {clip} from './format.js'

export function FilterBar({query, editing, matches, width}: {readonly query: string; readonly editing: boolean; readonly matches: number; readonly width: number}) {
  return (
    <Text wrap="truncate">
      <Text color="cyan" bold>
        /
      </Text>
      <Text>{clip(query, Math.max(0, width - 20))}</Text>
      {editing ? <Text inverse> </Text> : null}
      <Text dimColor> {matches} match{matches === 1 ? '' : 'es'}</Text>
    </Text>
  )
}
