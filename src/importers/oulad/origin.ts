/**
 * The data origin of a store receiving OULAD: the import goes only into an empty store or one already
 * holding OULAD data, never mixed with the synthetic demo; and the origin records every module,
 * presentation and file imported so far.
 */
import type { Repositories } from '../../repositories/index.ts';

export async function assertStoreTakesOulad(repos: Repositories): Promise<void> {
  const origin = await repos.meta.origin();
  if (origin?.kind === 'oulad') return;
  if (origin) {
    throw new Error(
      `this store holds ${origin.kind} data; import OULAD into a separate store with --data-dir <empty folder>`,
    );
  }
  if ((await repos.institution.countStudents()) > 0) {
    throw new Error('this store holds students of unknown origin; import OULAD into an empty store');
  }
}

/** Marks the store as OULAD data, adding this import's modules, presentations and files to earlier ones. */
export async function recordOuladOrigin(
  repos: Repositories,
  imported: { modules: readonly string[]; presentations: readonly string[]; files: readonly string[] },
  now: Date,
): Promise<void> {
  const earlier = (await repos.meta.origin())?.details ?? {};
  const merged = (field: string, values: readonly string[]) => {
    const previous = earlier[field];
    const strings = Array.isArray(previous) ? previous.filter((v): v is string => typeof v === 'string') : [];
    return [...new Set([...strings, ...values])].sort();
  };
  await repos.meta.setOrigin({
    kind: 'oulad',
    details: {
      modules: merged('modules', imported.modules),
      presentations: merged('presentations', imported.presentations),
      files: merged('files', imported.files),
    },
    at: now,
  });
}
