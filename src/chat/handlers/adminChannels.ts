/**
 * Administrators' channel mapping: `link <programme>/<year> | <programme> | <tutor email or id> | managers |
 * admins`
 * binds the current channel to a group (replacing an earlier link), `unlink` removes it, `channels` lists
 * every link, `digest rows <n>` sets how many students each list of the channel's digest shows. Everyone
 * else is told plainly that these are for administrators.
 */
import type { ChannelLink, LinkedGroup } from '../../repositories/channelLinks.ts';
import { isAdmin, type Viewer } from '../context/access.ts';
import { parseDigestRows } from '../digestRowsSetting.ts';
import type { ChatCore } from '../core.ts';
import { denied, notice } from '../views/notices.ts';
import type { Reference } from '../context/reference.ts';
import { groupLabel } from '../context/scope.ts';
import type { ChannelsView, View } from '../views/viewModel.ts';

const ADMIN_ONLY = denied(
  'Linking channels is for administrators. Ask one to link this channel to your tutor group.',
);

type Resolved = { ok: true; group: LinkedGroup } | { ok: false; reason: string };

export async function linkChannel(core: ChatCore, viewer: Viewer, target: string, now: Date): Promise<View> {
  if (!isAdmin(viewer)) return ADMIN_ONLY;
  if (viewer.place.kind === 'personal') {
    return notice(
      'warning',
      'Not a channel',
      'Link a channel or group chat, not a personal chat: type "link …" there.',
    );
  }
  const reference = await core.reference.get();
  const resolved = await resolveTarget(core, reference, target.trim());
  if (!resolved.ok) return notice('error', 'Cannot link', resolved.reason);
  const { place } = viewer;
  const link: ChannelLink = {
    platform: place.platform,
    channelId: place.channelId,
    channelName: place.name ?? null,
    workspaceId: place.workspaceId ?? null,
    group: resolved.group,
    linkedBy: viewer.staff.id,
    linkedAt: now,
  };
  await core.repos.channelLinks.link(link);
  core.forgetLink(place.platform, place.channelId);
  const label = groupLabel(resolved.group, reference);
  return notice(
    'success',
    'Channel linked',
    resolved.group.kind === 'managers'
      ? "This is now the managers' channel: the governance summary (aggregates only) is posted here."
      : resolved.group.kind === 'admins'
        ? "This is now the admins' channel: feed-health cards (a stale, poor or held feed, a shared cause) are posted here."
        : `This channel is now linked to ${label}. Its Monday digest will be posted here.`,
  );
}

export async function unlinkChannel(core: ChatCore, viewer: Viewer): Promise<View> {
  if (!isAdmin(viewer)) return ADMIN_ONLY;
  const removed = await core.repos.channelLinks.unlink(viewer.place.platform, viewer.place.channelId);
  core.forgetLink(viewer.place.platform, viewer.place.channelId);
  return removed
    ? notice('success', 'Channel unlinked', 'This channel is no longer linked; its digest stops.')
    : notice('info', 'Not linked', 'This channel was not linked to any group.');
}

export async function setDigestRows(core: ChatCore, viewer: Viewer, text: string): Promise<View> {
  if (!isAdmin(viewer)) return ADMIN_ONLY;
  const parsed = parseDigestRows(text);
  if (!parsed.ok) return notice('error', 'Cannot set digest rows', `${parsed.reason} Try "digest rows 12".`);
  const { platform, channelId } = viewer.place;
  const set = await core.repos.channelLinks.setDigestRows(platform, channelId, parsed.rows);
  core.forgetLink(platform, channelId);
  return set
    ? notice(
        'success',
        'Digest size set',
        `Each list in this channel's digest now shows at most ${parsed.rows} students, then "and N more" with a button to the next page.`,
      )
    : notice(
        'warning',
        'Not linked',
        'This channel has no digest: link it first, e.g. "link computer-science/2".',
      );
}

export async function listChannels(core: ChatCore, viewer: Viewer): Promise<View> {
  if (!isAdmin(viewer)) return ADMIN_ONLY;
  const [links, reference] = await Promise.all([core.repos.channelLinks.list(), core.reference.get()]);
  const view: ChannelsView = {
    kind: 'channels',
    links: links.map((link) => ({
      channel: link.channelName ?? link.channelId,
      platform: link.platform,
      group: groupLabel(link.group, reference),
      linkedBy: reference.staff(link.linkedBy),
      linkedAt: new Date(link.linkedAt).toISOString(),
    })),
  };
  return view;
}

/** "managers", a staff email or id (a tutor's tutees), or a programme id or name with an optional "/year". */
async function resolveTarget(core: ChatCore, reference: Reference, target: string): Promise<Resolved> {
  if (/^managers?$/i.test(target)) return { ok: true, group: { kind: 'managers' } };
  if (/^admins?$/i.test(target)) return { ok: true, group: { kind: 'admins' } };
  const staff = target.includes('@')
    ? await core.repos.staff.byEmail(plainEmail(target))
    : await core.repos.staff.byId(target);
  if (staff) {
    return staff.roles.includes('tutor')
      ? { ok: true, group: { kind: 'tutor', staffId: staff.id } }
      : { ok: false, reason: `${staff.name} is not a personal tutor, so has no tutor group to link.` };
  }
  if (target.includes('@')) return { ok: false, reason: `No member of staff has the email "${target}".` };
  const match = /^(.*?)(?:\s*\/\s*|\s+year\s+)(\d{1,2})$/i.exec(target);
  const name = (match ? match[1] : target)?.trim().toLowerCase() ?? '';
  const year = match ? Number(match[2]) : null;
  const programmes = reference.programmes.filter(
    (p) => p.id.toLowerCase() === name || p.name.toLowerCase() === name,
  );
  const candidates =
    programmes.length > 0
      ? programmes
      : reference.programmes.filter((p) => p.name.toLowerCase().includes(name) || p.id.includes(name));
  if (name.length === 0 || candidates.length === 0) {
    return {
      ok: false,
      reason: `"${target}" is not a programme, a member of staff, "managers" or "admins". Try "link computer-science/2" or "link tutor@example.ac.uk".`,
    };
  }
  if (candidates.length > 1) {
    return {
      ok: false,
      reason: `"${target}" matches several programmes: ${candidates.map((p) => p.id).join(', ')}. Use the programme id.`,
    };
  }
  return {
    ok: true,
    group: { kind: 'programme', programmeId: (candidates[0] as { id: string }).id, yearOfStudy: year },
  };
}

/** An email as typed, or as Slack formats it in command text: `<mailto:sam@uni.ac.uk|sam@uni.ac.uk>`. */
function plainEmail(text: string): string {
  const slack = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/i.exec(text);
  return (slack ? (slack[1] as string) : text.replace(/^mailto:/i, '')).trim();
}
