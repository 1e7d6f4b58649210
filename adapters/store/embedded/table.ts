/**
 * The documents of one collection in natural (insertion) order, found by their `_id` hash key. Each
 * document keeps a row number for as long as it is stored; indexes file row numbers rather than `_id`
 * keys, since small integers hash, store and garbage-collect far more cheaply than strings.
 */
import type { Document } from '../../../src/store/types.ts';

/** A row number no document has: for uniqueness checks of a document not stored yet. */
export const NO_ROW = -1;

export class DocumentTable {
  private readonly rowById = new Map<string, number>();
  private readonly byRow = new Map<number, Document>();
  private nextRow = 0;

  get size(): number {
    return this.byRow.size;
  }

  /** Documents in natural order. */
  values(): IterableIterator<Document> {
    return this.byRow.values();
  }

  /** `[row, document]` pairs in natural order. */
  entries(): IterableIterator<[number, Document]> {
    return this.byRow.entries();
  }

  rowOf(idKey: string): number | undefined {
    return this.rowById.get(idKey);
  }

  at(row: number): Document | undefined {
    return this.byRow.get(row);
  }

  byId(idKey: string): Document | undefined {
    const row = this.rowById.get(idKey);
    return row === undefined ? undefined : this.byRow.get(row);
  }

  /** Stores a document whose `_id` key is not present yet; returns its row. */
  insert(idKey: string, doc: Document): number {
    const row = this.nextRow++;
    this.rowById.set(idKey, row);
    this.byRow.set(row, doc);
    return row;
  }

  /** Puts `doc` in the place of the document at `row`, keeping its position in natural order. */
  replace(row: number, doc: Document): void {
    this.byRow.set(row, doc);
  }

  /** Inserts, or replaces the document with the same `_id` key (replaying the journal). */
  put(idKey: string, doc: Document): void {
    const row = this.rowById.get(idKey);
    if (row === undefined) this.insert(idKey, doc);
    else this.replace(row, doc);
  }

  /** Removes the document with this `_id` key; returns the row it had, if it was there. */
  delete(idKey: string): number | undefined {
    const row = this.rowById.get(idKey);
    if (row === undefined) return undefined;
    this.rowById.delete(idKey);
    this.byRow.delete(row);
    return row;
  }
}
