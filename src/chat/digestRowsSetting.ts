/**
 * A channel's digest size as typed in chat (`digest rows 12`) or on the command line (`engage channels
 * digest-rows …`): a whole number of rows per list from DIGEST_ROWS_MIN to DIGEST_ROWS_MAX, checked with
 * zod at both boundaries and refused with one plain sentence.
 */
import { z } from 'zod';
import { DIGEST_ROWS_MAX, DIGEST_ROWS_MIN } from './views/displayLimits.ts';

const digestRowsSchema = z
  .string()
  .trim()
  .regex(/^\d{1,4}$/)
  .transform(Number)
  .pipe(z.number().int().min(DIGEST_ROWS_MIN).max(DIGEST_ROWS_MAX));

export type DigestRowsParse = { ok: true; rows: number } | { ok: false; reason: string };

export function parseDigestRows(text: string): DigestRowsParse {
  const parsed = digestRowsSchema.safeParse(text);
  if (parsed.success) return { ok: true, rows: parsed.data };
  const given = text.trim() === '' ? 'nothing' : `"${text.trim().slice(0, 20)}"`;
  return {
    ok: false,
    reason: `Rows per list must be a whole number from ${DIGEST_ROWS_MIN} to ${DIGEST_ROWS_MAX} (got ${given}).`,
  };
}
