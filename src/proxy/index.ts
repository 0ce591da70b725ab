/**
 * The proxy engine: serves a RouteTable through an UpstreamResolver.
 *
 *   import {Gateway} from '../proxy/index.js'
 *
 *   const gw = new Gateway({
 *     address: '127.0.0.1',
 *     httpPort: 8080,                 // 0 = pick a free port (tests)
 *     httpsPort: 8443,                // HTTPS listener only when `tls` is given
 *     tls: provider,                  // TlsProvider: SNICallback(servername, cb) (+ optional defaultCertificate)
 *     connectTimeoutMs: 5000,         // upstream connect; exceeded → 504 (gRPC: DEADLINE_EXCEEDED)
 *     upstreamIdleTimeoutMs: 60000,   // silence while waiting for / reading a response; exceeded → 504
 *     ejectBaseMs: 1000, ejectMaxMs: 30000,   // passive health: ejection doubles per failure, capped
 *     clientHeaderTimeoutMs: 60000,   // request head (and a new connection's first bytes); exceeded → 408 / close
 *     keepAliveTimeoutMs: 75000,      // HTTP/1.1 idle between requests
 *     tlsHandshakeTimeoutMs: 60000,   // handshake; exceeded → socket destroyed
 *     http2IdleTimeoutMs: 75000,      // HTTP/2 connection without open streams → GOAWAY
 *     http2PingIntervalMs: 60000,     // PING while streams are open; unanswered by the next → closed
 *     onRequestEnd: (info) => {...},  // RequestInfo per finished request / WebSocket: access log + metrics
 *     onUpstreamError: (endpoint, code) => {...},  // each failed upstream connection (metrics)
 *   })
 *   gw.setState(table, resolver)      // atomic swap (one reference); in-flight requests keep their state
 *   const {http, https} = await gw.listen()   // real bound addresses (AddressInfo)
 *   gw.activeConnections(); gw.activeRequests()
 *   await gw.close(drainMs)           // stop accepting, drain, then close everything
 *
 * Behaviour:
 * - Each request captures the current {table, resolver} at its start and
 *   finishes on it. table.lookup(host, path) picks the route (no route → 404);
 *   resolver.resolve(backend) gives endpoints, the echo upstream, or
 *   `unresolved` (→ 503 naming the Service and the --map flag). Resource
 *   backends → 503 (not supported locally). Error bodies are JSON when the
 *   client's Accept prefers application/json, plain text otherwise; gRPC
 *   requests get trailers-only answers (UNIMPLEMENTED for no route,
 *   UNAVAILABLE for no upstream or connect failure, DEADLINE_EXCEEDED for
 *   timeouts).
 * - Endpoints: round-robin; connect failures and resets eject an endpoint
 *   (exponential back-off, capped; all ejected → the one whose ejection ends
 *   first); a connection error is retried once on another endpoint when
 *   nothing of the request body was sent and the request is idempotent or
 *   never reached the upstream (connect phase). A bodyless request that met a
 *   reused keep-alive connection closing is retried on a fresh connection.
 * - Timeouts: connect (per new connection) → 504 `connect-timeout`; upstream
 *   silence while waiting for or reading the response → 504
 *   `upstream-timeout` (cut mid-body); refused/reset before a response → 502.
 *   A client that goes away, or resets its HTTP/2 stream, aborts its upstream
 *   request (RequestInfo status 499, error `client-abort`).
 * - Client side: request heads are checked before routing (more than 2,000
 *   fields → 431; two Host fields, HTTP/2 Host ≠ :authority, a target that is
 *   neither a path nor an http(s) URI, `*` except for OPTIONS → 400); HTTP/2
 *   connections carry at most 128 concurrent streams.
 * - http-proxy is not used: upgrades are spliced in upgrade.ts.
 * - Upstream protocol from ServiceBackend.protocol: http/https → HTTP/1.1
 *   through undici (upstream-h1.ts: one Pool per endpoint, llhttp parses the
 *   responses, bodies streamed with backpressure; Expect: 100-continue is
 *   answered by the gateway once an upstream connection takes the body, and
 *   request trailers are not sent upstream, both as nginx does).
 *   h2c/grpc → HTTP/2 cleartext, grpcs →
 *   HTTP/2 over TLS, on one multiplexed session per endpoint. Upstream TLS
 *   certificates are not verified (local development). UpstreamEndpoint.connect
 *   replaces TCP (port-forward tunnels) for both.
 * - Listeners: HTTP port serves HTTP/1.1 and h2c (prior knowledge, detected
 *   by the connection preface); HTTPS port serves h2 and HTTP/1.1 by ALPN with
 *   certificates from the TlsProvider's SNICallback. WebSocket (HTTP/1.1
 *   Upgrade) on both.
 * - Bodies stream both ways (backpressure, no buffering); trailers, chunked
 *   encoding and Expect: 100-continue are relayed; hop-by-hop fields are
 *   stripped; X-Forwarded-For/-Proto/-Host/-Port and X-Real-IP are set.
 */
export {Gateway, type ListeningAddresses} from './gateway.js'
export type {GatewayOptions, RequestInfo, TlsProvider} from './options.js'
export {emptyState, type GatewayState} from './state.js'
export {prefersJson} from './accept.js'
