/** Rules as stored data: the shipped default until changed, adds and switches recorded with who, when, what and why. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEmbeddedStore } from '../../adapters/store/embedded/index.ts';
import { repositories, type Repositories } from '../../src/repositories/index.ts';
import { DEFAULT_RULE, DEFAULT_RULE_ID } from '../../src/rules/defaults.ts';
import { RuleValidationError } from '../../src/rules/schema.ts';
import { setRuleEnabled } from '../../src/rules/admin.ts';
import { ensureCollections } from '../../src/store/collections.ts';
import type { Store } from '../../src/store/types.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const at = (day: number) => new Date(Date.UTC(2026, 8, day, 9));
const WELFARE = {
  id: 'welfare-referral',
  name: 'Welfare referral',
  trigger: { kind: 'below', threshold: 300 },
  conditions: { attendanceBelowPct: 75 },
  actions: [{ kind: 'create-case' }],
};

describe('the rule repository', () => {
  let dir: string;
  let store: Store;
  let repos: Repositories;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'engage-rules-'));
    store = await openEmbeddedStore({ dataDir: dir });
    await ensureCollections(store.db);
    repos = repositories(store.db);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('ships the default rule, enabled, until someone changes it', async () => {
    expect(await repos.rules.list()).toEqual([
      { id: DEFAULT_RULE_ID, rule: DEFAULT_RULE, version: 0, updatedAt: null, updatedBy: 'engage' },
    ]);
    expect(await repos.rules.enabled()).toEqual([DEFAULT_RULE]);
    expect(await repos.rules.history()).toEqual([]);
  });

  it('records every change with who, when, why, and the rule before and after', async () => {
    await repos.rules.add(WELFARE, { at: at(1), by: 'admin-1', why: 'agreed at committee' });
    await setRuleEnabled(repos, DEFAULT_RULE_ID, false, {
      at: at(2),
      by: 'admin-2',
      why: 'faculty rules instead',
    });
    const history = await repos.rules.history();
    expect(history.map((c) => [c.ruleId, c.kind, c.version, c.by, c.why, c.at])).toEqual([
      [DEFAULT_RULE_ID, 'disable', 1, 'admin-2', 'faculty rules instead', at(2)],
      ['welfare-referral', 'add', 1, 'admin-1', 'agreed at committee', at(1)],
    ]);
    expect(history[0]!.before).toEqual(DEFAULT_RULE);
    expect(history[0]!.after).toEqual({ ...DEFAULT_RULE, enabled: false });
    expect(history[1]!.before).toBeNull();
    expect(history[1]!.after).toMatchObject({ ...WELFARE, enabled: true, scope: {} });
    expect((await repos.rules.enabled()).map((rule) => rule.id)).toEqual(['welfare-referral']);
    expect(await repos.rules.history('welfare-referral')).toHaveLength(1);
  });

  it('refuses a duplicate id, a change without a reason, a change that changes nothing and an invalid rule', async () => {
    const meta = { at: at(1), by: 'admin-1', why: 'because' };
    await expect(repos.rules.add({ ...WELFARE, id: DEFAULT_RULE_ID }, meta)).rejects.toThrow(
      `a rule with id "${DEFAULT_RULE_ID}" already exists`,
    );
    await expect(repos.rules.add(WELFARE, { ...meta, why: ' ' })).rejects.toThrow('needs a reason');
    await expect(repos.rules.setEnabled(DEFAULT_RULE_ID, true, meta)).rejects.toThrow('already enabled');
    await expect(repos.rules.replace(DEFAULT_RULE, meta)).rejects.toThrow('leaves rule');
    const invalid = repos.rules.add({ ...WELFARE, trigger: { kind: 'below', threshold: 3000 } }, meta);
    await expect(invalid).rejects.toBeInstanceOf(RuleValidationError);
    await expect(invalid).rejects.toThrow('trigger.threshold must be between 0 and 1000');
    expect(await repos.rules.history()).toEqual([]);
  });

  it('replaces a rule as a new version, keeping the old one in the history', async () => {
    await repos.rules.replace(
      { ...DEFAULT_RULE, trigger: { kind: 'belowForWeeks', threshold: 320, weeks: 2 } },
      { at: at(3), by: 'admin-1', why: 'raise the threshold' },
    );
    const [current] = await repos.rules.list();
    expect(current).toMatchObject({
      version: 1,
      updatedBy: 'admin-1',
      rule: { trigger: { threshold: 320 } },
    });
    expect((await repos.rules.history())[0]!.before).toEqual(DEFAULT_RULE);
  });
});
