/**
 * Alert rules as stored data, with their configuration history (docs/rules.md: every change kept with who, when, what and why):
 * every add, replacement, enabling and disabling records who, when, why, and the rule before and after.
 * The shipped default rule is in force until an administrator changes it (it is then stored like any
 * other). Rules are never deleted: disabling keeps the history readable.
 */
import { DEFAULT_RULES } from '../rules/defaults.ts';
import { parseRule, type AlertRule } from '../rules/schema.ts';
import { COLLECTIONS } from '../store/collections.ts';
import type { DocumentDb } from '../store/types.ts';
import { WITHOUT_ID } from './documents.ts';

export interface StoredRule {
  id: string;
  rule: AlertRule;
  /** 0 for a shipped rule nobody has changed; +1 per recorded change. */
  version: number;
  /** When it was last changed; null for a shipped rule nobody has changed. */
  updatedAt: Date | null;
  updatedBy: string;
}

export type RuleChangeKind = 'add' | 'replace' | 'enable' | 'disable';

export interface RuleChange {
  at: Date;
  by: string;
  why: string;
  ruleId: string;
  kind: RuleChangeKind;
  version: number;
  before: AlertRule | null;
  after: AlertRule;
}

export interface ChangeMeta {
  at: Date;
  by: string;
  why: string;
}

const shipped = (rule: AlertRule): StoredRule => ({
  id: rule.id,
  rule,
  version: 0,
  updatedAt: null,
  updatedBy: 'engage',
});

export function ruleRepository(db: DocumentDb) {
  const rules = db.collection<StoredRule>(COLLECTIONS.alertRules.name);
  const changes = db.collection<RuleChange>(COLLECTIONS.ruleChanges.name);

  async function list(): Promise<StoredRule[]> {
    const stored = await rules.find({}, { projection: WITHOUT_ID, sort: { id: 1 } }).toArray();
    const ids = new Set(stored.map((entry) => entry.id));
    const all = [...stored, ...DEFAULT_RULES.filter((rule) => !ids.has(rule.id)).map(shipped)];
    return all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async function find(id: string): Promise<StoredRule | null> {
    const stored = await rules.findOne({ id }, { projection: WITHOUT_ID });
    if (stored) return stored;
    const builtIn = DEFAULT_RULES.find((rule) => rule.id === id);
    return builtIn ? shipped(builtIn) : null;
  }

  async function record(
    previous: StoredRule | null,
    after: AlertRule,
    kind: RuleChangeKind,
    meta: ChangeMeta,
  ): Promise<RuleChange> {
    if (!meta.why.trim()) throw new Error('a rule change needs a reason (why)');
    const version = (previous?.version ?? 0) + 1;
    const next: StoredRule = { id: after.id, rule: after, version, updatedAt: meta.at, updatedBy: meta.by };
    if (previous && previous.version > 0) {
      // Optimistic: a concurrent change of the same rule makes this one match nothing.
      const result = await rules.updateOne({ id: after.id, version: previous.version }, { $set: next });
      if (result.matchedCount === 0) throw new Error(`rule "${after.id}" was changed meanwhile; try again`);
    } else {
      await rules.insertOne({ ...next });
    }
    const change: RuleChange = {
      ...meta,
      ruleId: after.id,
      kind,
      version,
      before: previous?.rule ?? null,
      after,
    };
    await changes.insertOne({ ...change });
    return change;
  }

  return {
    list,
    find,
    enabled: async () => (await list()).filter((entry) => entry.rule.enabled).map((entry) => entry.rule),
    /** Stores a new rule (validated); refuses an id already in use, shipped ones included. */
    async add(input: unknown, meta: ChangeMeta): Promise<RuleChange> {
      const rule = parseRule(input);
      if (await find(rule.id)) throw new Error(`a rule with id "${rule.id}" already exists`);
      return record(null, rule, 'add', meta);
    },
    /** Replaces an existing rule's definition (same id); refuses a replacement that changes nothing. */
    async replace(input: unknown, meta: ChangeMeta): Promise<RuleChange> {
      const rule = parseRule(input);
      const previous = await find(rule.id);
      if (!previous) throw new Error(`no rule with id "${rule.id}"`);
      if (JSON.stringify(previous.rule) === JSON.stringify(rule)) {
        throw new Error(`the change leaves rule "${rule.id}" as it is`);
      }
      return record(previous, rule, 'replace', meta);
    },
    async setEnabled(id: string, enabled: boolean, meta: ChangeMeta): Promise<RuleChange> {
      const previous = await find(id);
      if (!previous) throw new Error(`no rule with id "${id}"`);
      if (previous.rule.enabled === enabled) {
        throw new Error(`rule "${id}" is already ${enabled ? 'enabled' : 'disabled'}`);
      }
      return record(previous, { ...previous.rule, enabled }, enabled ? 'enable' : 'disable', meta);
    },
    /** Changes, newest first; one rule's when `ruleId` is given. */
    history: (ruleId?: string) =>
      changes
        .find(ruleId === undefined ? {} : { ruleId }, { projection: WITHOUT_ID, sort: { at: -1 } })
        .toArray(),
  };
}
