import {boolAnnotation} from './nginx-kinds.js'

/** `use-port-in-redirects`: the HTTPS redirect names the HTTPS port (lua_ingress.lua). */
export const usePortInRedirects = boolAnnotation('use-port-in-redirects', {
  summary: 'Name the HTTPS port in the HTTPS redirect',
  defaultValue: 'false',
  docs: 'The redirect to HTTPS is written `https://host:PORT/...` with the HTTPS port. ingressctl always names the port when its HTTPS port is not 443.',
})
