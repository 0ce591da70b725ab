import {IngressctlError} from '../errors.js'

/** A listen failure as a message naming the address, the port and the flag that changes it. */
export function listenError(err: unknown, what: string, host: string, port: number, flag: string): IngressctlError | unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`
  if (code === 'EADDRINUSE') {
    return new IngressctlError('E_PORT_IN_USE', `cannot listen on ${where} for ${what}: port ${port} is already in use`, {
      hint: `stop the process using port ${port}, or choose another port with ${flag} (0 picks a free one)`,
      exitCode: 2,
      cause: err,
    })
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new IngressctlError('E_PORT_DENIED', `cannot listen on ${where} for ${what}: permission denied for port ${port}`, {
      hint: `ports below 1024 need privileges; choose a port above 1024 with ${flag}`,
      exitCode: 2,
      cause: err,
    })
  }
  if (code === 'EADDRNOTAVAIL') {
    return new IngressctlError('E_ADDRESS', `cannot listen on ${where} for ${what}: address ${host} is not available on this machine`, {
      hint: 'use a local address, e.g. --address 127.0.0.1 or --address ::1',
      exitCode: 2,
      cause: err,
    })
  }
  return err
}
