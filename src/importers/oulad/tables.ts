/**
 * Where an import's OULAD tables come from, and their rows that pass validation: a row that does not is
 * recorded as skipped with its file, line and reason, and reading goes on. A table missing a column the
 * import needs is an error for the whole table.
 */
import type { CsvRecord } from '../../ingest/csv.ts';
import { requiredColumns, ROW_SCHEMAS, type OuladRow, type OuladTable } from './rows.ts';
import type { SkippedRows } from './skippedRows.ts';

/** The file each table was found in, and a fresh stream of its records. */
export interface OuladFiles {
  names: Record<OuladTable, string>;
  read(table: OuladTable): AsyncIterable<CsvRecord>;
}

export async function* validRows<T extends OuladTable>(
  files: OuladFiles,
  table: T,
  skipped: SkippedRows,
): AsyncGenerator<{ line: number; row: OuladRow<T> }> {
  const file = files.names[table];
  const schema = ROW_SCHEMAS[table];
  let columnsChecked = false;
  for await (const record of files.read(table)) {
    if ('error' in record) {
      skipped.add({ file, line: record.line, reason: 'malformed CSV', detail: record.error });
      continue;
    }
    if (!columnsChecked) {
      const missing = requiredColumns(table).filter((column) => !(column in record.values));
      if (missing.length > 0) throw new Error(`${file} has no column ${missing.join(', ')}`);
      columnsChecked = true;
    }
    const parsed = schema.safeParse(record.values);
    if (parsed.success) {
      yield { line: record.line, row: parsed.data as OuladRow<T> };
      continue;
    }
    const issue = parsed.error.issues[0];
    const column = String(issue?.path[0] ?? 'row');
    skipped.add({
      file,
      line: record.line,
      reason: `invalid ${column}`,
      detail: `${column}: ${issue?.message}`,
    });
  }
}
