/**
 * Request bodies of the API server double.
 */
import type {IncomingMessage} from 'node:http'
import {parse} from 'yaml'

/** A body that cannot be decoded (answered with 400 BadRequest). */
export class BodyError extends Error {}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'))
  } catch (err) {
    throw new BodyError(`couldn't get version/kind; json parse error: ${(err as Error).message}`)
  }
}

export function parseYaml(raw: Buffer): unknown {
  try {
    return parse(raw.toString('utf8'))
  } catch (err) {
    throw new BodyError(`error decoding YAML: ${(err as Error).message}`)
  }
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  return parseJson(await readBody(req))
}
