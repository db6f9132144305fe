// Offline CSV export of the usage history, the app inventory and alerts (docs/CSV.md).
export { formatUtc, isTimeZone, LocalTimeFormatter, neutraliseCell, restoreCell } from './cells'
export {
  abortError,
  UTF8_BOM,
  writeCsv,
  type CsvProgress,
  type RecordSource,
  type WriteCsvOptions,
} from './csv-writer'
export { CsvEncoder, encodeTextCell, RECORD_DELIMITER, type Cell } from './encoder'
export { ExportError } from './errors'
export {
  exportCsvFile,
  exportCsvToSink,
  type ExportFileRequest,
  type ExportOutcome,
} from './export-csv'
export {
  checkTarget,
  removeStaleTemporaryFiles,
  STALE_TEMPORARY_MS,
  TEMPORARY_NAME,
  writeFileAtomically,
  type TextSink,
} from './file-sink'
export {
  alertColumns,
  buildTable,
  exportKinds,
  inventoryColumns,
  localTimeColumn,
  usageColumns,
  type ExportKind,
  type Table,
  type TableQuery,
} from './tables'
export { UsageRecordSource, writeCount, type UsageSourceOptions } from './usage-source'
export {
  ExportService,
  type ExportPathChooser,
  type ExportServiceOptions,
  type ExportToPathRequest,
} from './export-service'
