import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileDelivery } from '../../adapters/files/fileDelivery.ts';
import { ingestDelivery } from '../../src/ingest/ingestDelivery.ts';
import { openIngestStore, type IngestStore } from './ingestStore.ts';

/** Rows of S1..S4 activity after a header; line 3 opens a quote it never closes. */
async function writeStrayQuoteFile(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('UserID,When,Events\nS1,2026-10-13,1\nS2,"2026-10-13,1\n');
  let text = '';
  for (let i = 0; i < rows; i++) {
    text += `S${1 + (i % 4)},2026-10-${String(13 + (i % 5)).padStart(2, '0')},1\n`;
    if (text.length > 1 << 20) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.end(text);
  await once(out, 'finish');
}

describe('a large file with a stray quote on line 3', () => {
  let ctx: IngestStore;
  afterEach(() => ctx.close());

  it('quarantines line 3 with its line number and lands every later row', async () => {
    ctx = await openIngestStore(4);
    const path = join(ctx.dataDir, 'activity.csv');
    const rows = 1_500_000; // about 25 MB
    await writeStrayQuoteFile(path, rows);
    const outcome = await ingestDelivery(ctx.repos, await fileDelivery(path, 'vle'));
    expect(outcome).toMatchObject({ status: 'applied', good: rows + 1, quarantined: 1 });
    const [entry, ...others] = await ctx.repos.quarantine.list({ sourceId: 'vle' }, 10);
    expect(others).toEqual([]);
    expect(entry).toMatchObject({ line: 3 });
    expect(entry?.reason).toMatch(/quoted field is not closed/);
    const total = (await ctx.repos.measures.measuresForWeek('2026-W42')).reduce((sum, m) => sum + m.count, 0);
    expect(total).toBe(rows + 1);
  }, 120_000);
});
