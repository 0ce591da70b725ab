import {Box, Text} from 'ink'
import {clip} from './format.js'

/** A styled line of a text pane. */
export interface Line {
  readonly text: string
  readonly color?: string
  readonly bold?: boolean
  readonly dim?: boolean
}

/** Renders at most `height` lines from `top`, each cut to `width`. */
export function Lines({lines, height, width, top = 0}: {readonly lines: ReadonlyArray<Line>; readonly height: number; readonly width: number; readonly top?: number}) {
  const visible = lines.slice(top, top + height)
  return (
    <Box flexDirection="column" height={height}>
      {visible.map((l, i) => (
        <Text key={top + i} wrap="truncate" color={l.color} bold={l.bold} dimColor={l.dim}>
          {clip(l.text, width) || ' '}
        </Text>
      ))}
    </Box>
  )
}
