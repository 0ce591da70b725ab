import type {DevCA} from './dev-ca.js'

/** What `ingressctl cert ca` prints: where the CA certificate is and how to trust it. */
export function trustInstructions(ca: DevCA): string {
  const p = ca.certPath
  return [
    `Development CA certificate: ${p}`,
    `SHA-256 fingerprint: ${ca.fingerprint}`,
    ca.created ? 'The CA was created now; it signs certificates for hosts that have no TLS Secret.' : 'It signs certificates for hosts that have no TLS Secret.',
    '',
    'Trust it for one command:',
    `  curl --cacert ${p} https://HOST:8443/`,
    `  NODE_EXTRA_CA_CERTS=${p} node app.js`,
    '',
    'Trust it system-wide:',
    '  Debian/Ubuntu:',
    `    sudo cp ${p} /usr/local/share/ca-certificates/ingressctl-dev-ca.crt && sudo update-ca-certificates`,
    '  Fedora/RHEL:',
    `    sudo cp ${p} /etc/pki/ca-trust/source/anchors/ingressctl-dev-ca.crt && sudo update-ca-trust`,
    '  macOS:',
    `    sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${p}`,
    '  Windows (PowerShell as administrator):',
    `    Import-Certificate -FilePath "${p}" -CertStoreLocation Cert:\\LocalMachine\\Root`,
    '',
    'The private key stays next to it (ca.key, readable only by you); never share it.',
  ].join('\n')
}
