/**
 * Reference data every chat view labels things with — programme names, source names and kinds, staff
 * names — read once and kept for `maxAgeMs`, so a student lookup costs no extra reads for labels.
 */
import { ExpiringCache } from '../../cache/expiringCache.ts';
import type { Programme, Source, Staff } from '../../domain/model.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { Names } from './scope.ts';

export interface Reference extends Names {
  source(id: string): Pick<Source, 'name' | 'kind'> | null;
  programmes: readonly Programme[];
}

export function referenceData(repos: Repositories, maxAgeMs: number) {
  const cache = new ExpiringCache<'reference', Promise<Reference>>({ ttlMs: maxAgeMs });

  async function load(): Promise<Reference> {
    const [programmes, sources, staff] = await Promise.all([
      repos.institution.listProgrammes(),
      repos.sources.listSources(),
      repos.staff.all(),
    ]);
    const programmeNames = new Map(programmes.map((p) => [p.id, p.name]));
    const sourceById = new Map(sources.map((s) => [s.id, s]));
    const staffById = new Map<string, Staff>(staff.map((s) => [s.id, s]));
    return {
      programmes,
      programme: (id) => programmeNames.get(id) ?? id,
      staff: (id) => staffById.get(id)?.name ?? id,
      source: (id) => sourceById.get(id) ?? null,
    };
  }

  return {
    get: (): Promise<Reference> => cache.remember('reference', load),
  };
}

export type ReferenceData = ReturnType<typeof referenceData>;
