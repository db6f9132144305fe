// CSV export across the bridge. The renderer never names a file path: main asks the native save
// dialog and hands back a target id, so a compromised page cannot write anywhere the user did not pick.
import { z } from 'zod'

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID')

export const exportKindValues = ['usage', 'inventory', 'alerts'] as const
export type ExportKindValue = (typeof exportKindValues)[number]

export const exportGranularityValues = ['hour', 'day', 'month'] as const
export type ExportGranularityValue = (typeof exportGranularityValues)[number]

/** An IANA zone the runtime knows (checked the same way in main and in the renderer). */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone })
      return true
    } catch {
      return false
    }
  }, 'must be an IANA time zone such as Asia/Seoul or Europe/London')

export const chooseExportTargetRequestSchema = z
  .object({ what: z.enum(exportKindValues), tenantId: guid.optional() })
  .strict()
export type ChooseExportTargetRequest = z.infer<typeof chooseExportTargetRequestSchema>

/** A file the user picked in the save dialog; `exists` means the export must ask before replacing it. */
export interface ExportTarget {
  targetId: string
  /** Full path, shown to the user. */
  path: string
  fileName: string
  exists: boolean
}

export const startExportRequestSchema = z
  .object({
    targetId: z.string().min(1).max(64),
    tenantId: guid.optional(),
    what: z.enum(exportKindValues),
    /** Inclusive, ISO 8601 (usage: rounded down to the bucket start; alerts: creation time). */
    from: z.iso.datetime({ offset: true }).optional(),
    /** Exclusive. */
    to: z.iso.datetime({ offset: true }).optional(),
    granularity: z.enum(exportGranularityValues).default('hour'),
    /** Only these apps; absent means all. */
    appIds: z.array(guid).min(1).max(10_000).optional(),
    /** UTF-8 byte order mark so Excel reads Korean names (default on). */
    bom: z.boolean().default(true),
    /** Adds a local-time column in this zone. */
    localTimeZone: timeZoneSchema.optional(),
    /** The user confirmed replacing an existing file. */
    overwrite: z.boolean().default(false),
  })
  .strict()
  .refine((request) => !request.from || !request.to || Date.parse(request.from) < Date.parse(request.to), {
    message: 'the start must be before the end',
    path: ['to'],
  })
export type StartExportRequest = z.input<typeof startExportRequestSchema>

export interface ExportProgressView {
  targetId: string
  what: ExportKindValue
  rows: number
  bytes: number
}

export interface ExportResultView {
  status: 'done' | 'cancelled'
  what: ExportKindValue
  path: string
  fileName: string
  /** Data rows, the header not counted. */
  rows: number
  bytes: number
  durationMs: number
}
