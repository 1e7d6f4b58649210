/**
 * The rows an import could not use, each with its file, line and reason: counted by reason, the first few
 * kept in full for the report. A skipped row never stops the import.
 */
export interface SkippedRow {
  file: string;
  line: number;
  /** What kind of problem, e.g. "invalid sum_click" or "unknown student": what the counts group by. */
  reason: string;
  /** The particulars, e.g. '"abc" is not a whole number'. */
  detail: string;
}

export interface SkippedRowsReport {
  total: number;
  byReason: Record<string, number>;
  /** The first rows skipped, in the order met. */
  first: SkippedRow[];
}

export class SkippedRows {
  private readonly counts = new Map<string, number>();
  private readonly first: SkippedRow[] = [];
  private total = 0;

  constructor(private readonly keep = 20) {}

  add(row: SkippedRow): void {
    this.total++;
    this.counts.set(row.reason, (this.counts.get(row.reason) ?? 0) + 1);
    if (this.first.length < this.keep) this.first.push(row);
  }

  report(): SkippedRowsReport {
    return {
      total: this.total,
      byReason: Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b))),
      first: [...this.first],
    };
  }
}
