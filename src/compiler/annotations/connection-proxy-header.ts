import {stringAnnotation} from './nginx-kinds.js'

/** `connection-proxy-header`: `proxy_set_header Connection <value>` (nginx.tmpl) instead of the WebSocket-aware default. */
export const connectionProxyHeader = stringAnnotation('connection-proxy-header', {
  summary: 'Connection header sent upstream',
  values: ['keep-alive, close, upgrade...'],
  docs: 'The upstream request carries `Connection` with this value. WebSocket upgrades keep `Connection: upgrade`.',
})
