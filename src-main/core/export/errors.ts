// Why an export could not write its file, in words for the user; the target is never half-written.
import { AppError } from '../../contract'

export class ExportError extends AppError {
  constructor(
    code: 'file_exists' | 'export_failed',
    message: string,
    /** The underlying error code (EACCES, ENOSPC, …), for logs and tests. */
    readonly cause_: string | null = null,
  ) {
    super(code, message)
    this.name = 'ExportError'
  }
}

/** Maps a file-system error to a sentence naming the path and what to do. */
export function fileSystemError(error: unknown, path: string, action: string): ExportError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? null
  const reasons: Record<string, string> = {
    EACCES: 'permission denied — choose a folder you can write to',
    EPERM: 'the operation is not permitted — choose a folder you can write to',
    EROFS: 'the disk is read-only — choose another folder',
    ENOSPC: 'the disk is full — free some space or choose another disk',
    EDQUOT: 'the disk quota is used up — free some space or choose another disk',
    ENOENT: 'the folder does not exist — choose an existing folder',
    ENOTDIR: 'part of the path is not a folder — choose an existing folder',
    EISDIR: 'that path is a folder — give a file name',
    ENAMETOOLONG: 'the path is too long — choose a shorter name',
    EINVAL: 'the path is not valid on this system — choose another name',
    EBUSY: 'the file is in use by another program (is it open in Excel?) — close it or choose another name',
  }
  const reason = (code && reasons[code]) ?? `${(error as Error | null)?.message ?? String(error)}`
  return new ExportError('export_failed', `Could not ${action} ${path}: ${reason}.`, code)
}
