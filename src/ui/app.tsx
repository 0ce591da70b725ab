import {Box, useApp, useInput, type Key} from 'ink'
import {useEffect, useMemo, useRef, useState, useSyncExternalStore} from 'react'
import {sortDiagnostics} from '../model/diagnostics.js'
import {startAttach, type AttachStatus} from './attach/poller.js'
import {ColumnHeader} from './components/column-header.js'
import {DetailPane} from './components/detail-pane.js'
import {DiagnosticsView} from './components/diagnostics-view.js'
import {FilterBar} from './components/filter-bar.js'
import {Footer} from './components/footer.js'
import {Header} from './components/header.js'
import {HelpView} from './components/help-view.js'
import {RouteList, scrollTop} from './components/route-list.js'
import {UrlTester} from './components/url-tester.js'
import type {UiFeed} from './feed.js'
import {useHighlights} from './hooks/use-highlights.js'
import {useTerminalSize} from './hooks/use-terminal-size.js'
import {layoutColumns} from './model/columns.js'
import {parseTestUrl} from './model/parse-url.js'
import {buildRows, filterRows, type RouteRow} from './model/route-rows.js'
import {sampleHost} from './model/shadowing.js'
import {INITIAL_UI, printable, uiReducer, type UiAction, type UiState} from './model/ui-state.js'

export interface AppProps {
  readonly feed: UiFeed
  /** Base URL of a running serve's admin API (--attach). */
  readonly attachUrl?: string
  readonly attachIntervalMs?: number
  /** How long changed rows stay highlighted (ms). */
  readonly highlightMs?: number
  /** Fixed size (tests); by default the terminal's, following resizes. */
  readonly width?: number
  readonly height?: number
}

/** The live routes view: header, grouped table, panes, footer. */
export function App(p: AppProps) {
  const {exit} = useApp()
  const view = useSyncExternalStore(p.feed.subscribe, p.feed.get)
  const size = useTerminalSize()
  const width = p.width ?? size.columns
  // One line short of the terminal: a frame as tall as the screen makes Ink clear it on every render (flicker).
  const height = Math.max(8, p.height ?? size.rows - 1)

  const [attach, setAttach] = useState<AttachStatus | undefined>(undefined)
  useEffect(() => {
    if (!p.attachUrl) return
    return startAttach({url: p.attachUrl, intervalMs: p.attachIntervalMs, onStatus: setAttach})
  }, [p.attachUrl, p.attachIntervalMs])

  const rows = useMemo(() => buildRows(view.table, view.snapshot), [view.table, view.snapshot])
  const highlighted = useHighlights(rows, p.highlightMs)
  const [s, setState] = useState(INITIAL_UI)
  // Keys can arrive faster than renders (typing, pasting): the handler works on the latest state, not a render's.
  const stateRef = useRef(s)
  const dispatch = (a: UiAction) => {
    stateRef.current = uiReducer(stateRef.current, a)
    setState(stateRef.current)
  }
  const filterCache = useRef<{rows: ReadonlyArray<RouteRow>; filter: string; filtered: ReadonlyArray<RouteRow>} | undefined>(undefined)
  const filteredFor = (filter: string): ReadonlyArray<RouteRow> => {
    const c = filterCache.current
    if (c && c.rows === rows && c.filter === filter) return c.filtered
    filterCache.current = {rows, filter, filtered: filterRows(rows, filter)}
    return filterCache.current.filtered
  }
  /** The selected route's index: where it was (the common case), else found by id, else the old index clamped. */
  const selectedIn = (st: UiState, list: ReadonlyArray<RouteRow>): number => {
    if (list.length === 0) return -1
    if (st.selectedId !== undefined && list[st.index]?.id !== st.selectedId) {
      const found = list.findIndex((r) => r.id === st.selectedId)
      if (found >= 0) return found
    }
    return Math.min(st.index, list.length - 1)
  }

  const filtered = filteredFor(s.filter)
  const columns = useMemo(() => layoutColumns(rows, width, !!p.attachUrl), [rows, width, p.attachUrl])
  const diagnostics = useMemo(() => sortDiagnostics([...view.loadDiagnostics, ...view.table.diagnostics]), [view.loadDiagnostics, view.table])
  const selected = selectedIn(s, filtered)
  const current = selected >= 0 ? filtered[selected] : undefined

  const filterShown = s.filter !== '' || s.mode === 'filter'
  const main = height - 3 - (filterShown ? 1 : 0)
  const listHeight = s.detail && current ? Math.max(3, Math.floor((main - 1) * 0.4)) : main - 1
  const topRef = useRef(0)
  const top = scrollTop(topRef.current, Math.max(0, selected), listHeight, filtered.length)
  topRef.current = top

  const onKey = (input: string, key: Key) => {
    const st = stateRef.current
    const list = filteredFor(st.filter)
    const at = Math.max(0, selectedIn(st, list))
    const move = (to: number) => {
      if (list.length === 0) return
      const index = Math.max(0, Math.min(list.length - 1, to))
      dispatch({type: 'select', index, id: list[index]!.id})
    }
    const navigate = (letters: boolean): boolean => {
      if (key.upArrow || (letters && input === 'k')) move(at - 1)
      else if (key.downArrow || (letters && input === 'j')) move(at + 1)
      else if (key.pageUp) move(at - listHeight)
      else if (key.pageDown) move(at + listHeight)
      else if (key.home || (letters && input === 'g')) move(0)
      else if (key.end || (letters && input === 'G')) move(list.length - 1)
      else return false
      return true
    }
    const edit = (value: string): string => {
      if (key.backspace || key.delete) return value.slice(0, -1)
      if (key.ctrl || key.meta) return value
      return value + printable(input)
    }
    switch (st.mode) {
      case 'filter':
        if (key.escape) {
          dispatch({type: 'filter', filter: ''})
          dispatch({type: 'mode', mode: 'list'})
        } else if (key.return) dispatch({type: 'mode', mode: 'list'})
        else if (!navigate(false)) dispatch({type: 'filter', filter: edit(st.filter)})
        return
      case 'url':
        if (key.escape) dispatch({type: 'mode', mode: 'list'})
        else if (key.return) {
          const req = parseTestUrl(st.urlDraft, sampleHost(list[at]?.host ?? '*'))
          dispatch({type: 'url-result', result: 'error' in req ? req : {...req, explanation: view.table.explain(req.host, req.path)}})
        } else dispatch({type: 'url-draft', draft: edit(st.urlDraft)})
        return
      case 'diagnostics':
        if (input === 'q') exit()
        else if (key.escape || input === 'd') dispatch({type: 'mode', mode: 'list'})
        else if (key.upArrow || input === 'k') dispatch({type: 'diag-scroll', top: st.diagTop - 1})
        else if (key.downArrow || input === 'j') dispatch({type: 'diag-scroll', top: st.diagTop + 1})
        else if (key.pageUp) dispatch({type: 'diag-scroll', top: st.diagTop - main})
        else if (key.pageDown) dispatch({type: 'diag-scroll', top: st.diagTop + main})
        return
      case 'help':
        if (input === 'q') exit()
        else dispatch({type: 'mode', mode: 'list'})
        return
      case 'list':
        if (navigate(true)) return
        if (input === 'q') exit()
        else if (input === '/') dispatch({type: 'mode', mode: 'filter'})
        else if (key.return) dispatch({type: 'detail', open: !st.detail})
        else if (key.escape) {
          if (st.detail) dispatch({type: 'detail', open: false})
          else dispatch({type: 'filter', filter: ''})
        } else if (input === 't') dispatch({type: 'mode', mode: 'url'})
        else if (input === 'd') dispatch({type: 'mode', mode: 'diagnostics'})
        else if (input === '?') dispatch({type: 'mode', mode: 'help'})
    }
  }
  const onKeyRef = useRef(onKey)
  onKeyRef.current = onKey
  useInput((input, key) => {
    // Several keys in one read (fast typing, a paste, `j` then enter) arrive as one string: replay them one by one.
    if (input.length > 1 && !key.ctrl && !key.meta) {
      const none = Object.fromEntries(Object.keys(key).map((k) => [k, false])) as unknown as Key
      for (const c of input) {
        const enter = c === '\r' || c === '\n'
        onKeyRef.current(enter ? '' : c, {...none, return: enter, delete: c === '\u007f', backspace: c === '\b'})
      }
      return
    }
    onKeyRef.current(input, key)
  })

  const errors = diagnostics.filter((d) => d.severity === 'error').length
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length
  const listMode = s.mode === 'list' || s.mode === 'filter'
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header
        label={p.feed.label}
        state={view.state}
        routes={view.table.routes.length}
        hosts={view.table.hosts.length}
        errors={errors}
        warnings={warnings}
        changedAt={view.changedAt}
        attach={attach}
        notice={view.notice}
        width={width}
      />
      {filterShown ? <FilterBar query={s.filter} editing={s.mode === 'filter'} matches={filtered.length} width={width} /> : null}
      {listMode ? (
        <Box flexDirection="column" height={main}>
          <ColumnHeader columns={columns} width={width} />
          <RouteList
            rows={filtered.slice(top, top + listHeight)}
            total={filtered.length}
            columns={columns}
            top={top}
            height={listHeight}
            width={width}
            selected={selected}
            highlighted={highlighted}
            stats={attach?.stats}
            emptyText={rows.length === 0 ? 'no routes in the input' : `no route matches /${s.filter}`}
          />
          {s.detail && current ? <DetailPane row={current} table={view.table} snapshot={view.snapshot} height={main - 1 - listHeight} width={width} /> : null}
        </Box>
      ) : s.mode === 'url' ? (
        <UrlTester draft={s.urlDraft} result={s.urlResult} height={main} width={width} />
      ) : s.mode === 'diagnostics' ? (
        <DiagnosticsView diagnostics={diagnostics} top={s.diagTop} height={main} width={width} />
      ) : (
        <HelpView height={main} width={width} />
      )}
      <Footer mode={s.mode} width={width} position={listMode && filtered.length > 0 ? `${selected + 1}/${filtered.length}` : undefined} />
    </Box>
  )
}
