/**
 * Administrators' reports in chat: `sources` (each source's state, freshness and latest data quality,
 * flagged below 80 %), `rules` (every alert rule in words) and `rules preview <id>` (how many students the
 * rule would fire for on the latest scored week, by programme and year — counts only, never a name: in
 * chat administrators see aggregates; the named list is `engage rules preview` on the command line).
 */
import { sourceStatus } from '../../ingest/sourceAdmin.ts';
import { ownerContact } from '../../ingest/sourceOwner.ts';
import { previewRuleNow } from '../../rules/admin.ts';
import { describeAction, describeScope, describeTrigger } from '../../rules/describe.ts';
import { isAdmin, type Viewer } from '../context/access.ts';
import type { ChatCore } from '../core.ts';
import { denied, notice } from '../views/notices.ts';
import type { View } from '../views/viewModel.ts';

const ADMIN_ONLY = denied('Source and rule reports are for administrators.');
/** Programme-and-year lines shown in a preview before "and N more groups". */
const PREVIEW_GROUPS_SHOWN = 12;

const percent = (share: number) => `${Math.round(share * 100)}%`;

export async function sourcesReport(core: ChatCore, viewer: Viewer, now: Date): Promise<View> {
  if (!isAdmin(viewer)) return ADMIN_ONLY;
  const statuses = await sourceStatus(core.repos, now);
  if (statuses.length === 0) return notice('info', 'Data sources', 'No sources are configured yet.');
  const lines = statuses.map((status) => {
    const latest = status.quality[0];
    const state = status.enabled ? 'on' : 'off';
    const quality = latest
      ? `${latest.week} quality ${latest.overall}%${latest.flagged ? ' — FLAGGED (below 80%)' : ''} ` +
        `(complete ${percent(latest.completeness)}, valid ${percent(latest.validity)}, timely ${percent(latest.timeliness)})`
      : 'no quality figures yet';
    const held = status.held.length > 0 ? `; ${status.held.length} delivery held for approval` : '';
    const owner = status.owner ? `; owner ${ownerContact(status.owner)}` : '; no technical owner set';
    return `- ${status.name} (${status.kind}, ${state}): ${quality}; ${status.freshness}${held}${owner}`;
  });
  const flagged = statuses.filter((status) => status.flagged).length;
  const title = flagged > 0 ? `Data sources — ${flagged} flagged` : 'Data sources';
  return notice(flagged > 0 ? 'warning' : 'info', title, lines.join('\n'));
}

export async function rulesReport(core: ChatCore, viewer: Viewer): Promise<View> {
  if (!isAdmin(viewer)) return ADMIN_ONLY;
  const rules = await core.repos.rules.list();
  if (rules.length === 0) return notice('info', 'Alert rules', 'No alert rules are stored.');
  const lines = rules.map(({ rule }) => {
    const actions = rule.actions.map(describeAction).join(', ');
    return `- ${rule.id} (${rule.enabled ? 'enabled' : 'disabled'}): ${describeTrigger(rule.trigger)}; ${describeScope(rule)}; then ${actions}`;
  });
  return notice(
    'info',
    'Alert rules',
    `${lines.join('\n')}\n\nType "rules preview <id>" to see who a rule would fire for now.`,
  );
}

export async function rulePreviewReport(
  core: ChatCore,
  viewer: Viewer,
  ruleId: string,
  now: Date,
): Promise<View> {
  if (!isAdmin(viewer)) return ADMIN_ONLY;
  const stored = await core.repos.rules.find(ruleId);
  if (!stored)
    return notice('error', 'No such rule', `There is no alert rule "${ruleId}". Type "rules" for the list.`);
  const preview = await previewRuleNow(core.repos, stored.rule, { now });
  const byGroup = new Map<string, number>();
  for (const hit of preview.students) {
    const group = `${hit.student.programmeId} year ${hit.student.yearOfStudy}`;
    byGroup.set(group, (byGroup.get(group) ?? 0) + 1);
  }
  const groups = [...byGroup].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = groups.slice(0, PREVIEW_GROUPS_SHOWN).map(([group, count]) => `- ${group}: ${count}`);
  if (groups.length > shown.length) shown.push(`- and ${groups.length - shown.length} more groups`);
  const headline = `Would fire now for ${preview.count} student${preview.count === 1 ? '' : 's'} (week ${preview.week}).`;
  return notice('info', `Rule preview: ${ruleId}`, [headline, ...shown].join('\n'));
}
