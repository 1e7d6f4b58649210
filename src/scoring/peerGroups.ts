/**
 * Peer groups (docs/score.md): the configured keys define each student's own group; a group with fewer scorable
 * students than the minimum is merged upward along a fixed ladder, each rung coarser than the last:
 * drop the custom keys (cohort, entry band, study mode) one at a time, last-listed first; then programme →
 * faculty; then drop year of study; then drop faculty; finally the whole institution. A merged student is
 * compared with the whole population of the first rung group that is large enough (e.g. all of the
 * faculty's year-2 students), while students of large groups keep being compared within their own group.
 */
import type { Student } from '../domain/model.ts';
import type { PeerGroupKey } from './config.ts';

const CUSTOM_KEYS: ReadonlySet<PeerGroupKey> = new Set(['cohort', 'entryBand', 'studyMode']);

/** Key string of the group that contains every scored student. */
export const INSTITUTION_GROUP = 'institution';

/** The rungs a group climbs when it is too small, starting with the configured keys. */
export function peerGroupLadder(keys: readonly PeerGroupKey[]): PeerGroupKey[][] {
  const rungs: PeerGroupKey[][] = [[...keys]];
  let current = [...keys];
  const climb = (next: PeerGroupKey[]): void => {
    current = next;
    rungs.push(next);
  };
  for (let i = current.length - 1; i >= 0; i--) {
    const key = current[i] as PeerGroupKey;
    if (CUSTOM_KEYS.has(key)) climb(current.filter((k) => k !== key));
  }
  if (current.includes('programme')) {
    climb(
      current.includes('faculty')
        ? current.filter((k) => k !== 'programme')
        : current.map((k) => (k === 'programme' ? 'faculty' : k)),
    );
  }
  if (current.includes('yearOfStudy')) climb(current.filter((k) => k !== 'yearOfStudy'));
  if (current.includes('faculty')) climb(current.filter((k) => k !== 'faculty'));
  return rungs;
}

/** Deterministic key of the group a student belongs to under the given keys, e.g. "programme=P1|yearOfStudy=2". */
export function peerGroupKey(student: Student, keys: readonly PeerGroupKey[]): string {
  if (keys.length === 0) return INSTITUTION_GROUP;
  let text = '';
  for (const key of keys) text += `${text === '' ? '' : '|'}${key}=${attribute(student, key)}`;
  return text;
}

function attribute(student: Student, key: PeerGroupKey): string | number {
  switch (key) {
    case 'programme':
      return student.programmeId;
    case 'faculty':
      return student.facultyId;
    default:
      return student[key];
  }
}

/** A group that scores are computed against: its whole population and who it was merged from. */
export interface PlannedGroup {
  key: string;
  /** 0 for a student's own group; higher rungs are merged groups. */
  rung: number;
  /** Indices (into the students given to planPeerGroups) of everyone in the group's population. */
  members: Int32Array;
  /** Own-group keys of the students scored against this group because theirs was too small. */
  mergedFrom: string[];
}

export interface PeerGroupPlan {
  groups: PlannedGroup[];
  /** Per student: index into `groups` of the group the student is scored against. */
  assigned: Int32Array;
  /** Per student: own-group key when merged upward, else null. */
  mergedFrom: (string | null)[];
}

/** Assigns every student a peer group of at least `minSize` students where the institution allows it. */
export function planPeerGroups(
  students: readonly Student[],
  keys: readonly PeerGroupKey[],
  minSize: number,
): PeerGroupPlan {
  const rungs = peerGroupLadder(keys);
  const groups: PlannedGroup[] = [];
  const assigned = new Int32Array(students.length).fill(-1);
  const mergedFrom: (string | null)[] = new Array<string | null>(students.length).fill(null);
  const mergedSets = new Map<number, Set<string>>();
  let own: NumberedGroups | null = null;
  let pending = students.map((_, i) => i);

  for (let rung = 0; rung < rungs.length && pending.length > 0; rung++) {
    const numbered = numberGroups(students, rungs[rung] as PeerGroupKey[]);
    own ??= numbered;
    const lastRung = rung === rungs.length - 1;
    const groupOfId = new Map<number, number>();
    const stillPending: number[] = [];
    for (const i of pending) {
      const id = numbered.ids[i] as number;
      if ((numbered.sizes[id] as number) < minSize && !lastRung) {
        stillPending.push(i);
        continue;
      }
      let groupIndex = groupOfId.get(id);
      if (groupIndex === undefined) {
        groupIndex = groups.length;
        groupOfId.set(id, groupIndex);
        groups.push({
          key: numbered.names[id] as string,
          rung,
          members: new Int32Array(numbered.sizes[id] as number),
          mergedFrom: [],
        });
      }
      assigned[i] = groupIndex;
      if (rung > 0) {
        const ownKey = own.names[own.ids[i] as number] as string;
        mergedFrom[i] = ownKey;
        const merged = mergedSets.get(groupIndex) ?? new Set<string>();
        merged.add(ownKey);
        mergedSets.set(groupIndex, merged);
      }
    }
    // Each group's population is everyone with its key, whichever group they are scored against.
    const filled = new Map<number, number>();
    for (let i = 0; i < students.length; i++) {
      const groupIndex = groupOfId.get(numbered.ids[i] as number);
      if (groupIndex === undefined) continue;
      const at = filled.get(groupIndex) ?? 0;
      (groups[groupIndex] as PlannedGroup).members[at] = i;
      filled.set(groupIndex, at + 1);
    }
    pending = stillPending;
  }
  for (const [groupIndex, merged] of mergedSets)
    (groups[groupIndex] as PlannedGroup).mergedFrom = [...merged];
  return { groups, assigned, mergedFrom };
}

interface NumberedGroups {
  /** Per student: the id of their group under the keys. */
  ids: Int32Array;
  /** Per id: the group's key text and size. */
  names: string[];
  sizes: number[];
}

type Trie = Map<string | number, Trie | number>;

/** Numbers the distinct groups under `keys` through a trie of attribute values: no per-student strings. */
function numberGroups(students: readonly Student[], keys: readonly PeerGroupKey[]): NumberedGroups {
  const ids = new Int32Array(students.length);
  const names: string[] = [];
  const sizes: number[] = [];
  if (keys.length === 0) {
    return { ids, names: [INSTITUTION_GROUP], sizes: [students.length] };
  }
  const root: Trie = new Map();
  const last = keys.length - 1;
  students.forEach((student, i) => {
    let node = root;
    for (let k = 0; k < last; k++) {
      const value = attribute(student, keys[k] as PeerGroupKey);
      let next = node.get(value) as Trie | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const value = attribute(student, keys[last] as PeerGroupKey);
    let id = node.get(value) as number | undefined;
    if (id === undefined) {
      id = names.length;
      node.set(value, id);
      names.push(peerGroupKey(student, keys));
      sizes.push(0);
    }
    ids[i] = id;
    sizes[id] = (sizes[id] as number) + 1;
  });
  return { ids, names, sizes };
}
