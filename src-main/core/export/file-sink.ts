// Writes a file so that it either appears complete under its name or not at all: everything goes to a
// temporary file in the target's folder (same file system, so the final rename is atomic), which is
// removed on cancel or failure. Without `overwrite` an existing file is never replaced, even by a file
// created while the export ran (the final step is a hard link, which fails when the name exists).
// Temporary files a crash left behind are removed by the next export to the same folder.
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { link, lstat, readdir, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { ExportError, fileSystemError } from './errors'

/** Where writers put text (or UTF-8 bytes): `write` resolves once the disk has taken enough to accept more. */
export interface TextSink {
  write(text: string | Uint8Array): Promise<void>
}

export interface AtomicFileOptions {
  overwrite: boolean
  /** Stream buffer size in bytes (default 256 KiB). */
  highWaterMark?: number
}

/** Checks the target before any work: an existing folder, and no file in the way unless overwriting. */
export async function checkTarget(path: string, overwrite: boolean): Promise<string> {
  const target = resolve(path)
  const folder = dirname(target)
  try {
    const info = await stat(folder)
    if (!info.isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' })
  } catch (error) {
    throw fileSystemError(error, folder, 'write to the folder')
  }
  try {
    const existing = await stat(target)
    if (existing.isDirectory())
      throw fileSystemError(
        Object.assign(new Error('is a folder'), { code: 'EISDIR' }),
        target,
        'write',
      )
    if (!overwrite)
      throw new ExportError(
        'file_exists',
        `${target} already exists. Confirm to replace it, or choose another name.`,
      )
  } catch (error) {
    if (error instanceof ExportError) throw error
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw fileSystemError(error, target, 'check')
  }
  return target
}

export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.partial`)
}

/** Exactly the names `temporaryPathFor` makes: `.NAME.<12 hex digits>.partial`. */
export const TEMPORARY_NAME = /^\..+\.[0-9a-f]{12}\.partial$/
/**
 * A temporary file untouched this long is a crash's leftover: a running export writes to its file
 * every few milliseconds, so a day of silence cannot be an export still in progress.
 */
export const STALE_TEMPORARY_MS = 24 * 60 * 60 * 1000

/**
 * Removes temporary files a crashed export left in `folder`: only regular files named like ours and
 * not modified for `STALE_TEMPORARY_MS`. Never fails the export (cleaning up is a courtesy); returns
 * the names removed.
 */
export async function removeStaleTemporaryFiles(
  folder: string,
  now = Date.now(),
): Promise<string[]> {
  const removed: string[] = []
  let names: string[]
  try {
    names = await readdir(folder)
  } catch {
    return removed
  }
  for (const name of names) {
    if (!TEMPORARY_NAME.test(name)) continue
    const path = join(folder, name)
    try {
      const info = await lstat(path)
      if (!info.isFile() || now - info.mtimeMs < STALE_TEMPORARY_MS) continue
      await unlink(path)
      removed.push(name)
    } catch {
      // Gone already, or not ours to remove (permissions): leave it.
    }
  }
  return removed
}

async function removeQuietly(path: string): Promise<void> {
  try {
    await unlink(path)
  } catch {
    // Already gone, or never created.
  }
}

/**
 * Runs `produce` against a sink over a temporary file, then moves the file into place. Whatever
 * `produce` throws (including an abort) is rethrown after the temporary file is removed.
 */
export async function writeFileAtomically<T>(
  path: string,
  options: AtomicFileOptions,
  produce: (sink: TextSink) => Promise<T>,
): Promise<{ result: T; path: string; bytes: number }> {
  const target = await checkTarget(path, options.overwrite)
  await removeStaleTemporaryFiles(dirname(target))
  const temporary = temporaryPathFor(target)
  let stream: WriteStream
  try {
    stream = createWriteStream(temporary, {
      flags: 'wx',
      encoding: 'utf8',
      highWaterMark: options.highWaterMark ?? 256 * 1024,
      flush: true,
    })
    await once(stream, 'open')
  } catch (error) {
    await removeQuietly(temporary)
    throw fileSystemError(error, target, 'create')
  }
  let failure: Error | null = null
  stream.on('error', (error) => {
    failure = error
  })
  const sink: TextSink = {
    async write(text) {
      if (failure) throw failure
      if (!stream.write(text)) {
        await drained(stream)
        if (failure) throw failure
      }
    },
  }
  try {
    const result = await produce(sink)
    stream.end()
    await once(stream, 'close')
    if (failure) throw failure
    await moveIntoPlace(temporary, target, options.overwrite)
    return { result, path: target, bytes: stream.bytesWritten }
  } catch (error) {
    if (!stream.destroyed) stream.destroy()
    if (!stream.closed) await once(stream, 'close').catch(() => undefined)
    await removeQuietly(temporary)
    if (error instanceof ExportError || (error as Error).name === 'AbortError') throw error
    throw fileSystemError(error, target, 'write')
  }
}

/** Resolves on 'drain', or on 'close' after an error (a full disk must not hang the export). */
function drained(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done)
      stream.off('close', done)
      resolve()
    }
    stream.on('drain', done)
    stream.on('close', done)
  })
}

async function moveIntoPlace(temporary: string, target: string, overwrite: boolean): Promise<void> {
  if (overwrite) {
    await rename(temporary, target)
    return
  }
  try {
    await link(temporary, target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST')
      throw new ExportError(
        'file_exists',
        `${target} appeared while exporting. Confirm to replace it, or choose another name.`,
      )
    // File systems without hard links (FAT, some network shares): check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')
      throw error
    await checkTarget(target, false)
    await rename(temporary, target)
    return
  }
  await removeQuietly(temporary)
}
