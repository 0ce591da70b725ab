/**
 * The proxy engine alone (no CLI, no access log, no metrics) serving the
 * manifests in DIR, every Service mapped to the benchmark backend.
 *
 *   node dist/bench/proxy/engine-server.js DIR BACKEND_PORT [hook]   (prints "listening PORT")
 *
 * `hook` installs a no-op onRequestEnd, to see what building RequestInfo costs.
 */
import {compile} from '../../src/compiler/index.js'
import {loadManifests} from '../../src/loader/index.js'
import {Gateway} from '../../src/proxy/index.js'
import {createFileResolver, parseMapFlags} from '../../src/upstreams/file/index.js'

const [dir, backendPort, hook] = process.argv.slice(2)
const {snapshot} = await loadManifests([dir!])
const table = compile(snapshot)
const services = new Set(table.routes.flatMap((r) => (r.backend.kind === 'service' ? [`${r.backend.namespace}/${r.backend.name}`] : [])))
const resolver = createFileResolver(snapshot, {maps: parseMapFlags([...services].map((s) => `${s}=http://127.0.0.1:${backendPort}`))})
let ended = 0
const gw = new Gateway({address: '127.0.0.1', httpPort: 0, ...(hook ? {onRequestEnd: () => void ended++} : {})}, {table, resolver})
const {http} = await gw.listen()
process.stdout.write(`listening ${http.port} routes ${table.routes.length}\n`)
process.on('SIGTERM', () => void gw.close(0).then(() => process.exit(0)))
