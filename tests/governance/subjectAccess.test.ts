/**
 * Subject access and erasure on a demo store, through the CLI: the export holds every record of every
 * collection that can hold a student (one record is planted in each such collection, from the declarations
 * themselves, so a collection added later is covered without touching this test), and the erasure removes
 * them all — from the store and from every file of its data directory — while other students keep theirs.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../adapters/cli/main.ts';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { JOB_STUDENT_DATA } from '../../jobs/collection.ts';
import type { SubjectAccessExport } from '../../src/governance/subjectAccess.ts';
import { repositories } from '../../src/repositories/index.ts';
import { shardOf } from '../../src/repositories/studentShards.ts';
import { studentRecordRepository } from '../../src/repositories/studentRecords.ts';
import { COLLECTIONS } from '../../src/store/collections.ts';
import { captureOutput } from '../helpers/captureOutput.ts';

describe('engage governance export and erase', () => {
  let dir: string;
  let outDir: string;
  let studentId: string;
  let studentName: string;
  /** A student in the same shard as the erased one, whose records must stay. */
  let neighbourId: string;
  const engage = async (...args: string[]) => {
    const out = captureOutput();
    const code = await runCli([...args, '--data-dir', dir], out, {});
    return { code, out };
  };
  const withStore = async <T>(run: (store: Awaited<ReturnType<typeof openEmbeddedStore>>) => Promise<T>) => {
    const store = await openEmbeddedStore({ dataDir: dir });
    try {
      return await run(store);
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engage-governance-'));
    outDir = await mkdtemp(join(tmpdir(), 'engage-governance-out-'));
    expect((await engage('demo', '--students', '300', '--weeks', '8', '--seed', '11')).code).toBe(0);
    await withStore(async (store) => {
      const repos = repositories(store.db);
      const students = await repos.institution.listStudents();
      const staffNames = new Set((await repos.staff.all()).map((member) => member.name));
      const count = (name: string) => students.filter((s) => s.name === name).length;
      // A student whose name nobody else has, so finding the name on disk can only mean them.
      const chosen = students.find(
        (s) =>
          count(s.name) === 1 &&
          !staffNames.has(s.name) &&
          students.some((other) => other.id !== s.id && shardOf(other.id) === shardOf(s.id)),
      )!;
      studentId = chosen.id;
      studentName = chosen.name;
      neighbourId = students.find((s) => s.id !== studentId && shardOf(s.id) === shardOf(studentId))!.id;
      // One record in every collection declared as holding a student by a field, where the demo left none.
      const records = studentRecordRepository(store.db, [JOB_STUDENT_DATA]);
      for (const { collection, studentData } of records.holdings()) {
        if (studentData.kind !== 'field') continue;
        const existing = await store.db
          .collection(collection)
          .countDocuments({ [studentData.field]: studentId });
        if (existing > 0) continue;
        const document: Record<string, unknown> = { planted: true };
        const path = studentData.field.split('.');
        let at = document;
        for (const key of path.slice(0, -1)) at = (at[key] = {}) as Record<string, unknown>;
        at[path.at(-1)!] = studentId;
        await store.db.collection(collection).insertOne(document);
      }
      // Raw records that mention the student: a quarantined row and a replayed chat answer.
      await repos.quarantine.add(
        'vle',
        'd'.repeat(64),
        [
          {
            file: 'vle.csv',
            line: 7,
            field: 'count',
            reason: 'not a number',
            values: { student: studentId, count: 'x' },
          },
        ],
        new Date(),
      );
      await store.db.collection(COLLECTIONS.inboundDeliveries.name).insertMany([
        {
          key: 'slack:X1',
          receivedAt: new Date(),
          answer: { status: 200, body: { text: `${studentName} (${studentId})` } },
        },
        // Named without the id: not in the export (it could be a namesake's), but erased with them.
        { key: 'slack:X2', receivedAt: new Date(), answer: { status: 200, body: { text: studentName } } },
      ]);
      await repos.contacts.saveContacts([
        {
          id: 'c-neighbour',
          studentId: neighbourId,
          staffId: 'STF0001',
          at: new Date(),
          channel: 'email',
          note: 'ok',
        },
      ]);
    });
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(outDir, { recursive: true, force: true });
  });

  it('exports every record of every collection that can hold a student, and audits the export', async () => {
    const file = join(outDir, 'export.json');
    const result = await engage('governance', 'export', studentId, '--out', file);
    expect(result.code).toBe(0);
    expect(result.out.text()).toContain(`${studentName} (${studentId})`);
    const data = JSON.parse(await readFile(file, 'utf8')) as SubjectAccessExport;
    expect(data.profile?.name).toBe(studentName);
    await withStore(async (store) => {
      const holdings = studentRecordRepository(store.db, [JOB_STUDENT_DATA]).holdings();
      const declared = Object.values(COLLECTIONS).filter((spec) => spec.studentData.kind !== 'none');
      expect(holdings.map((h) => h.collection)).toEqual(
        expect.arrayContaining([...declared.map((spec) => spec.name), JOB_STUDENT_DATA.collection]),
      );
      for (const { collection, studentData } of holdings) {
        const exported = data.collections[collection];
        expect(exported, collection).toBeDefined();
        if (studentData.kind === 'field') {
          const held = await store.db
            .collection(collection)
            .countDocuments({ [studentData.field]: studentId });
          // The export's own audit entry is written after the records are read.
          const expected = collection === COLLECTIONS.auditLog.name ? held - 1 : held;
          expect(exported!.length, collection).toBe(expected);
          expect(expected, collection).toBeGreaterThan(0);
        } else if (studentData.kind === 'packed') {
          const shards = await store.db.collection(collection).countDocuments({ studentIds: studentId });
          expect(exported!.length > 0, collection).toBe(shards > 0);
        } else if (studentData.kind === 'mentions') {
          expect(exported!.length, collection).toBe(1);
        }
      }
      // The demo scored the student's weeks and measured them: the export carries both.
      expect(data.collections[COLLECTIONS.scores.name]!.length).toBeGreaterThan(0);
      expect(data.collections[COLLECTIONS.measures.name]!.length).toBeGreaterThan(0);
      const audit = await repositories(store.db).audit.forStudent(studentId);
      expect(audit[0]).toMatchObject({ action: 'subject-access-export', where: 'cli' });
    });
  });

  it('keeps no student id in any collection declared as holding no student data', async () => {
    await withStore(async (store) => {
      const ids = (await repositories(store.db).institution.studentIds()).filter(Boolean);
      expect(ids.length).toBe(300);
      // Packed number columns are bytes: their text is not what would name a student.
      const text = (document: unknown) =>
        JSON.stringify(document, (_, value: unknown) => (value instanceof Uint8Array ? '' : value));
      const pattern = new RegExp(ids.join('|'));
      for (const spec of Object.values(COLLECTIONS)) {
        if (spec.studentData.kind !== 'none') continue;
        for await (const document of store.db.collection(spec.name).find({})) {
          expect(pattern.exec(text(document))?.[0], `${spec.name} names a student`).toBeUndefined();
        }
      }
    });
  });

  it('refuses an erasure without a reason, or whose reason names the student', async () => {
    expect((await engage('governance', 'erase', studentId)).code).toBe(2);
    const named = await engage(
      'governance',
      'erase',
      studentId,
      '--why',
      `${studentName.split(' ')[0]} asked us`,
    );
    expect(named.code).toBe(2);
    expect(named.out.stderr.join('\n')).toContain('must not name the student');
    expect((await engage('governance', 'erase', 'S9999999', '--why', 'Erasure request')).code).toBe(2);
  });

  it('erases the student from every collection and every file, keeps evidence without them, and spares others', async () => {
    const neighbourBefore = await withStore(async (store) => ({
      scores: await repositories(store.db).scores.scoresOfStudent(neighbourId),
      measures: await repositories(store.db).measures.measuresForStudent(neighbourId),
    }));
    expect(neighbourBefore.scores.length).toBeGreaterThan(0);

    const erased = await engage(
      'governance',
      'erase',
      studentId,
      '--why',
      'Erasure request received by the DPO',
      '--json',
    );
    expect(erased.code).toBe(0);
    const evidence = erased.out.parsedJson() as {
      counts: Record<string, number>;
      total: number;
      compacted: boolean;
    };
    expect(evidence.compacted).toBe(true);
    expect(evidence.counts[COLLECTIONS.students.name]).toBe(1);
    expect(evidence.counts[COLLECTIONS.scores.name]).toBeGreaterThan(0);

    // No file of the data directory (snapshot, journal, anything else) holds the id or the name.
    for (const name of await readdir(dir)) {
      const bytes = await readFile(join(dir, name));
      expect(bytes.includes(studentId), `${name} holds the id`).toBe(false);
      expect(bytes.includes(studentName), `${name} holds the name`).toBe(false);
    }

    expect((await engage('governance', 'export', studentId)).code).toBe(1);
    await withStore(async (store) => {
      const repos = repositories(store.db);
      const [record] = await repos.governance.erasures();
      expect(record).toMatchObject({ why: 'Erasure request received by the DPO', total: evidence.total });
      expect(JSON.stringify(record)).not.toContain(studentId);
      expect(await repos.scores.scoresOfStudent(neighbourId)).toEqual(neighbourBefore.scores);
      expect(await repos.measures.measuresForStudent(neighbourId)).toEqual(neighbourBefore.measures);
      expect(await repos.contacts.contactsFor(neighbourId)).toHaveLength(1);
    });
  });
});
