/**
 * Finds the OULAD tables in a directory — each as `<table>.csv.gz` or `<table>.csv` — and reads them as
 * streams of CSV records. A missing table is an error naming every file that is needed.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { OuladFiles } from '../../src/importers/oulad/tables.ts';
import { OULAD_TABLES, type OuladTable } from '../../src/importers/oulad/rows.ts';
import { readCsv } from './readCsv.ts';

export async function ouladDirectory(dir: string): Promise<OuladFiles> {
  const names: Partial<Record<OuladTable, string>> = {};
  const missing: string[] = [];
  for (const table of OULAD_TABLES) {
    const found = await firstExisting(dir, [`${table}.csv.gz`, `${table}.csv`]);
    if (found === undefined) missing.push(`${table}.csv(.gz)`);
    else names[table] = found;
  }
  if (missing.length > 0) throw new Error(`${dir} has no ${missing.join(', ')}`);
  const complete = names as Record<OuladTable, string>;
  return { names: complete, read: (table) => readCsv(join(dir, complete[table])) };
}

async function firstExisting(dir: string, candidates: string[]): Promise<string | undefined> {
  for (const name of candidates) {
    try {
      await access(join(dir, name));
      return name;
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}
