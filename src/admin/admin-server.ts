import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import type {LiveTable} from '../live/live-table.js'
import type {GatewayMetrics} from '../metrics/gateway-metrics.js'
import {readiness} from './readiness.js'
import {routesView} from './routes-view.js'

export interface AdminServerOptions {
  readonly live: LiveTable
  readonly metrics: GatewayMetrics
  /** Whether the gateway's listeners are up (for /healthz and /readyz). */
  readonly listening: () => boolean
}

/**
 * The admin API (loopback by default): /metrics (Prometheus), /routes (the
 * compiled table and source state as JSON), /healthz, /readyz.
 */
export class AdminServer {
  readonly server: Server
  constructor(private readonly o: AdminServerOptions) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `${err instanceof Error ? err.message : String(err)}\n`)
        else res.destroy()
      })
    })
    this.server.keepAliveTimeout = 5_000
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err)
      this.server.once('error', onError)
      this.server.listen({port, host}, () => {
        this.server.off('error', onError)
        resolve()
      })
    })
    return this.server.address() as AddressInfo
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD')
      return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n')
    }
    switch (path) {
      case '/metrics':
        return send(res, 200, this.o.metrics.contentType, await this.o.metrics.text())
      case '/routes':
        return send(res, 200, 'application/json; charset=utf-8', `${JSON.stringify(routesView(this.o.live), null, 2)}\n`)
      case '/healthz':
        return this.o.listening() ? send(res, 200, 'text/plain; charset=utf-8', 'ok\n') : send(res, 503, 'text/plain; charset=utf-8', 'not listening yet\n')
      case '/readyz': {
        const r = readiness(this.o.live.state, this.o.listening())
        return send(res, r.ready ? 200 : 503, 'text/plain; charset=utf-8', `${r.reason}\n`)
      }
      case '/':
        return send(res, 200, 'text/plain; charset=utf-8', 'ingressctl admin: /metrics /routes /healthz /readyz\n')
      default:
        return send(res, 404, 'text/plain; charset=utf-8', `no admin endpoint ${path}; try /metrics /routes /healthz /readyz\n`)
    }
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store'})
  res.end(res.req.method === 'HEAD' ? undefined : body)
}
