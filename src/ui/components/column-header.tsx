import {Text} from 'ink'
import {formatCells, type Column} from '../model/columns.js'
import {clip} from './format.js'

export function ColumnHeader({columns, width}: {readonly columns: ReadonlyArray<Column>; readonly width: number}) {
  return (
    <Text bold wrap="truncate">
      {clip(`   ${formatCells(columns, (k) => columns.find((c) => c.key === k)!.title)}`, width)}
    </Text>
  )
}
