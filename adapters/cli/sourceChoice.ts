/**
 * A source id given on the command line must name a configured source: otherwise a usage error listing the
 * sources there are (and the nearest one), not a failure deep in a command or an empty answer.
 */
import type { Repositories } from '../../src/repositories/index.ts';
import { closest } from './closest.ts';
import { UsageError } from './command.ts';

/** `also`: ids that are valid here without being configured sources (the outcomes feed's). */
export async function checkSourceId(
  repos: Repositories,
  id: string,
  also: readonly string[] = [],
): Promise<void> {
  const ids = [...(await repos.sources.listSources()).map((source) => source.id), ...also];
  if (ids.includes(id)) return;
  if (ids.length === 0)
    throw new UsageError(
      `unknown source "${id}": no source is configured yet (npx engage sources configure <file>)`,
    );
  const near = closest(id, ids);
  throw new UsageError(
    `unknown source "${id}"${near ? ` (did you mean "${near}"?)` : ''}; sources: ${ids.join(', ')}`,
  );
}
