/**
 * The documents of one collection in natural (insertion) order, found by their `_id` hash key. Each
 * document keeps a row number for as long as it is stored; indexes file row numbers rather than `_id`
 * keys, since small integers hash, store and garbage-collect far more cheaply than strings. Documents read
 * from disk stay encoded until first read, then are kept decoded.
 */
import type { Document } from '../../../src/store/types.ts';
import { EncodedDocument } from './encodedDocuments.ts';

/** A row number no document has: for uniqueness checks of a document not stored yet. */
export const NO_ROW = -1;

export class DocumentTable {
  private readonly rowById = new Map<string, number>();
  private readonly byRow = new Map<number, Document | EncodedDocument>();
  private nextRow = 0;
  /** How many stored documents are still encoded. */
  private encoded = 0;

  get size(): number {
    return this.byRow.size;
  }

  /** Documents in natural order. */
  values(): IterableIterator<Document> {
    if (this.encoded === 0) return this.byRow.values() as IterableIterator<Document>;
    return this.decodedValues();
  }

  /** `[row, document]` pairs in natural order. */
  entries(): IterableIterator<[number, Document]> {
    if (this.encoded === 0) return this.byRow.entries() as IterableIterator<[number, Document]>;
    return this.decodedEntries();
  }

  /** `[row, document]` pairs in natural order, documents not read yet still encoded. */
  stored(): IterableIterator<[number, Document | EncodedDocument]> {
    return this.byRow.entries();
  }

  rowOf(idKey: string): number | undefined {
    return this.rowById.get(idKey);
  }

  at(row: number): Document | undefined {
    const value = this.byRow.get(row);
    return value instanceof EncodedDocument ? this.decode(row, value) : value;
  }

  byId(idKey: string): Document | undefined {
    const row = this.rowById.get(idKey);
    return row === undefined ? undefined : this.at(row);
  }

  /** Stores an encoded document read from disk (replaying), in the place of any with the same `_id`. */
  putEncoded(idKey: string, doc: EncodedDocument): void {
    const row = this.rowById.get(idKey);
    if (row === undefined) {
      const added = this.nextRow++;
      this.rowById.set(idKey, added);
      this.byRow.set(added, doc);
    } else {
      if (this.byRow.get(row) instanceof EncodedDocument) this.encoded--;
      this.byRow.set(row, doc);
    }
    this.encoded++;
  }

  private decode(row: number, value: EncodedDocument): Document {
    const doc = value.decode();
    this.byRow.set(row, doc);
    this.encoded--;
    return doc;
  }

  private *decodedValues(): Generator<Document> {
    for (const [row, value] of this.byRow)
      yield value instanceof EncodedDocument ? this.decode(row, value) : value;
  }

  private *decodedEntries(): Generator<[number, Document]> {
    for (const [row, value] of this.byRow)
      yield [row, value instanceof EncodedDocument ? this.decode(row, value) : value];
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
    if (this.byRow.get(row) instanceof EncodedDocument) this.encoded--;
    this.byRow.set(row, doc);
  }

  /** Removes the document with this `_id` key; returns the row it had, if it was there. */
  delete(idKey: string): number | undefined {
    const row = this.rowById.get(idKey);
    if (row === undefined) return undefined;
    if (this.byRow.get(row) instanceof EncodedDocument) this.encoded--;
    this.rowById.delete(idKey);
    this.byRow.delete(row);
    return row;
  }
}
