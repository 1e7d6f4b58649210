/**
 * A chart linker for the command line: the governance summary's band chart rendered to a PNG file (with
 * the same renderer the chart route uses) instead of a signed link. Other charts are not drawn here.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ChartLinker } from '../../src/chat/ports.ts';
import { formatCount } from '../../src/chat/views/viewFormat.ts';
import { ChartRenderer } from '../http/charts.ts';

export function fileChartLinker(path: string): ChartLinker {
  const unsupported = async (): Promise<never> => {
    throw new Error('only the band chart is drawn to a file');
  };
  return {
    async bands(counts) {
      const png = await new ChartRenderer().png({
        id: 'cli',
        kind: 'bands',
        counts: counts.map((count) => ({ ...count })),
        expiresAt: new Date(),
      });
      await writeFile(path, png);
      const students = counts.reduce((sum, count) => sum + count.count, 0);
      return {
        url: `file://${resolve(path)}`,
        alt: `Students per 200-point score band, ${formatCount(students)} scored`,
      };
    },
    trend: unsupported,
    calibration: unsupported,
  };
}
