import {BaseCommand} from '../src/cli/base-command.js'
import {VERSION} from '../src/version.js'

export default class Version extends BaseCommand {
  static override summary = 'Print the ingressctl version.'

  async run(): Promise<void> {
    this.out(`ingressctl ${VERSION} node ${process.version}`)
  }
}
