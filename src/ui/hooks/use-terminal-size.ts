import {useStdout} from 'ink'
import {useEffect, useState} from 'react'

export interface TerminalSize {
  readonly columns: number
  readonly rows: number
}

/** The terminal's size, updated on resize (SIGWINCH → the stream's 'resize' event). */
export function useTerminalSize(fallback: TerminalSize = {columns: 100, rows: 30}): TerminalSize {
  const {stdout} = useStdout()
  const read = (): TerminalSize => ({columns: stdout.columns || fallback.columns, rows: stdout.rows || fallback.rows})
  const [size, setSize] = useState(read)
  useEffect(() => {
    const onResize = () => setSize(read())
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  }, [stdout])
  return size
}
