// The sign-in page decoder's worker thread: JSON.parse, validation and mapping of Graph sign-in pages
// off the main thread, which meanwhile writes the previous pages to SQLite. Bundled as its own entry
// (electron.vite.config.ts → out/main/sign-in-worker.js); run from source under tsx.
import { parentPort } from 'node:worker_threads'
import type { DecodeReply, DecodeRequest } from './sign-in-decoder'
import { decodeSignInPage, SignInPageError } from './sign-in-page'

const port = parentPort
if (!port) throw new Error('sign-in-worker.ts runs as a worker thread only')

port.on('message', (request: DecodeRequest) => {
  let reply: DecodeReply
  let transfer: ArrayBuffer[] = []
  try {
    const body = request.body
    const { columns, nextLink } = decodeSignInPage(
      typeof body === 'string' ? body : new Uint8Array(body.shared, 0, body.length),
      request.types,
    )
    reply = { id: request.id, ok: true, columns, nextLink }
    transfer = [
      columns.guids,
      columns.created,
      columns.types,
      columns.errorCodes,
      columns.text,
    ].map((array) => array.buffer as ArrayBuffer)
  } catch (error) {
    reply =
      error instanceof SignInPageError
        ? { id: request.id, ok: false, kind: error.kind, path: error.path, message: error.message }
        : {
            id: request.id,
            ok: false,
            kind: 'internal',
            path: '',
            message: error instanceof Error ? error.message : String(error),
          }
  }
  port.postMessage(reply, transfer)
})
