/**
 * Public surface of the synthetic-institution generator: a seeded, deterministic, pure generator of a
 * university (roster, staff, calendar, sources, weekly measures, contacts, cases) with a truth map of
 * what it planted. No I/O: callers write the output through the real storage paths.
 */
export { DEFAULT_START_WEEK, generateInstitution, planInstitution } from './generate.ts';
export { deadlinesDue, measuresForWeek } from './measures.ts';
export { syntheticOutcomes } from './outcomes.ts';
export { Random, deriveSeed } from './random.ts';
export { SOURCE_IDS } from './sources.ts';
export { DISENGAGING, TRAJECTORY_SHARES } from './trajectories.ts';
export type { GeneratedInstitution, SyntheticInstitution, Trajectory } from './types.ts';
