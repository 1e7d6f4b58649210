/**
 * The institution's student-view settings (see students/settings.ts) and their change history: every
 * change records who, when, why and each field before and after, in the configuration change log every
 * other setting uses. Until the first change the shipped defaults apply (student view off).
 */
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import {
  DEFAULT_STUDENT_VIEW_SETTINGS,
  parseStudentViewSettings,
  type StudentViewSettings,
} from '../students/settings.ts';
import { WITHOUT_ID } from './documents.ts';

export interface StudentViewSettingChange {
  at: Date;
  by: string;
  why: string;
  kind: 'student-view';
  changes: { field: keyof StudentViewSettings; before: unknown; after: unknown }[];
}

const SETTINGS_KEY = 'studentViewSettings';

export function studentViewSettingsRepository(db: DocumentDb) {
  const stored = db.collection<{ key: string; value: Partial<StudentViewSettings> }>(COLLECTIONS.meta.name);
  const changes = db.collection<StudentViewSettingChange>(COLLECTIONS.configChanges.name);

  const settings = async (): Promise<StudentViewSettings> => ({
    ...DEFAULT_STUDENT_VIEW_SETTINGS,
    ...((await stored.findOne({ key: SETTINGS_KEY }))?.value ?? {}),
  });

  return {
    settings,
    /** The changes, newest first. */
    history: () =>
      changes.find({ kind: 'student-view' }, { projection: WITHOUT_ID, sort: { at: -1 } }).toArray(),
    /**
     * Validates and stores a change, recording who, when and why. Throws (naming the problem) when the
     * reason is missing, a value is invalid, or the change alters nothing.
     */
    async change(
      update: Partial<StudentViewSettings>,
      meta: { by: string; why: string; at: Date },
    ): Promise<StudentViewSettingChange> {
      if (!meta.why.trim()) throw new Error('a student view setting change needs a reason (why)');
      const before = await settings();
      const after = parseStudentViewSettings({ ...before, ...update });
      const fieldChanges = (Object.keys(after) as (keyof StudentViewSettings)[])
        .filter((field) => before[field] !== after[field])
        .map((field) => ({ field, before: before[field], after: after[field] }));
      if (fieldChanges.length === 0)
        throw new Error('the change leaves the student view settings as they are');
      await stored.updateOne({ key: SETTINGS_KEY }, { $set: { value: after } }, { upsert: true });
      const record: StudentViewSettingChange = { ...meta, kind: 'student-view', changes: fieldChanges };
      await changes.insertOne({ ...record });
      return record;
    },
  };
}
