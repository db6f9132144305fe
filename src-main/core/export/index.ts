// Offline CSV export of the usage history, the app inventory and alerts (docs/CSV.md).
export { formatUtc, isTimeZone, LocalTimeFormatter, neutraliseCell, restoreCell } from './cells'
export { abortError, UTF8_BOM, writeCsv, type CsvProgress, type WriteCsvOptions } from './csv-writer'
export { CsvEncoder, encodeTextCell, RECORD_DELIMITER, type Cell } from './encoder'
export { ExportError } from './errors'
export { exportCsvFile, exportCsvToSink, type ExportFileRequest, type ExportOutcome } from './export-csv'
export { checkTarget, writeFileAtomically, type TextSink } from './file-sink'
export {
  alertColumns,
  ALERTS_EXPORT_LIMIT,
  buildTable,
  exportKinds,
  inventoryColumns,
  localTimeColumn,
  usageColumns,
  usageRecords,
  type ExportKind,
  type Table,
  type TableQuery,
} from './tables'
export { ExportService, type ExportPathChooser, type ExportServiceOptions, type ExportToPathRequest } from './export-service'
