import {Flags} from '@oclif/core'
import {BaseCommand} from '../../src/cli/base-command.js'
import {DevCA} from '../../src/tls/dev-ca.js'
import {caDir} from '../../src/tls/config-dir.js'
import {trustInstructions} from '../../src/tls/trust-instructions.js'

export default class CertCa extends BaseCommand {
  static override summary = 'Print the path of the local development CA certificate and how to trust it.'
  static override description =
    '`ingressctl serve` signs certificates for hosts without a TLS Secret with this CA. It is created on first use in ' +
    'the configuration directory\'s ca/: $XDG_CONFIG_HOME/ingressctl (~/.config/ingressctl) on Linux, ~/Library/Application Support/ingressctl ' +
    'on macOS, %APPDATA%\\ingressctl\\Config on Windows; INGRESSCTL_CONFIG_DIR overrides the directory.'

  static override examples = ['<%= config.bin %> cert ca', 'curl --cacert "$(<%= config.bin %> cert ca --path)" https://app.localhost:8443/']

  static override flags = {
    path: Flags.boolean({summary: 'Print only the CA certificate path.', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(CertCa)
    const ca = await DevCA.loadOrCreate(caDir())
    this.out(flags.path ? ca.certPath : trustInstructions(ca))
  }
}
