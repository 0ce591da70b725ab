/**
 * A throwaway certificate authority and a server certificate it signs, for
 * 127.0.0.1, ::1 and localhost. Generated once per process (EC P-256, fast)
 * and shared by every server the process starts.
 */
import {generate} from 'selfsigned'

export interface ServerTls {
  /** PEM of the CA certificate clients must trust (kubeconfig certificate-authority-data is its base64). */
  caCert: string
  cert: string
  key: string
}

let cached: Promise<ServerTls> | undefined

export function serverTls(): Promise<ServerTls> {
  cached ??= (async () => {
    const notBeforeDate = new Date(Date.now() - 60_000)
    const notAfterDate = new Date(Date.now() + 24 * 3600_000)
    const ca = await generate([{name: 'commonName', value: 'kubernetes-ca (test double)'}], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
      extensions: [
        {name: 'basicConstraints', cA: true, critical: true},
        {name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
      ],
    })
    const server = await generate([{name: 'commonName', value: 'kube-apiserver'}], {
      keyType: 'ec',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
      ca: {key: ca.private, cert: ca.cert},
      extensions: [
        {name: 'basicConstraints', cA: false},
        {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
        {name: 'extKeyUsage', serverAuth: true},
        {
          name: 'subjectAltName',
          altNames: [
            {type: 2, value: 'localhost'},
            {type: 2, value: 'kubernetes.default.svc'},
            {type: 7, ip: '127.0.0.1'},
            {type: 7, ip: '::1'},
          ],
        },
      ],
    })
    return {caCert: ca.cert, cert: server.cert, key: server.private}
  })()
  return cached
}
