/**
 * Who is asking and what they may see. A chat user maps to a staff record: the platform's email when it
 * gives one (remembered in chatIdentities), otherwise the remembered mapping. Entitlement to a named student:
 * - a tutor sees their own tutees and the whole of the programmes they lead (directors of studies);
 * - a tutor or caseworker sees the students of the group linked to the channel they are writing in (the
 *   platform delivered their message there, so they are in it);
 * - a student-support caseworker sees students with an active support case and those whose cases they own;
 * - managers and administrators see aggregates only (bands, governance), never a named student, unless
 *   they also hold one of the roles above.
 */
import { ExpiringCache } from '../../cache/expiringCache.ts';
import type { Staff, StaffRole, Student } from '../../domain/model.ts';
import type { ChannelLink, LinkedGroup } from '../../repositories/channelLinks.ts';
import type { SupportCase } from '../../repositories/cases.ts';
import type { Repositories } from '../../repositories/index.ts';
import type { ChatContext, ChatPlace } from '../ports.ts';

export interface Viewer {
  staff: Staff;
  roles: ReadonlySet<StaffRole>;
  /** Where the look happens, for the audit: "teams:<conversation>", "slack:<channel>", "preview". */
  where: string;
  place: ChatPlace;
  /** The group linked to the current channel, if any. */
  link: ChannelLink | null;
  /** The reader's time zone when the platform said it; times are shown in it. */
  timeZone?: string;
}

export type Entitlement = 'tutee' | 'programme' | 'channel' | 'case';

export function whereOf(place: ChatPlace): string {
  return place.platform === 'preview' ? 'preview' : `${place.platform}:${place.channelId}`;
}

/** How long a resolved chat user → staff mapping is trusted without reading the store again. */
const IDENTITY_CACHE_MS = 60_000;

/**
 * Resolves chat users to staff, remembering mappings so later requests without an email resolve. A user
 * is remembered under each id the platform gave and found by any of them.
 */
export function identityResolver(repos: Repositories) {
  const cache = new ExpiringCache<string, Staff>({ ttlMs: IDENTITY_CACHE_MS });
  return async function resolveStaff(context: ChatContext): Promise<Staff | null> {
    const { user } = context;
    const key = `${user.platform}:${user.id}`;
    const cached = cache.get(key);
    if (cached && (!user.email || sameEmail(cached.email, user.email))) return cached;
    const userIds = [user.id, ...(user.otherIds ?? []).filter((id) => id !== user.id)];
    let staff: Staff | null = null;
    if (user.email) {
      staff = await repos.staff.byEmail(user.email);
      if (staff) {
        const staffId = staff.id;
        for (const userId of userIds) {
          await repos.chatIdentities.remember({
            platform: user.platform,
            userId,
            staffId,
            seenAt: context.now,
          });
        }
      }
    } else {
      for (const userId of userIds) {
        const identity = await repos.chatIdentities.identityOf(user.platform, userId);
        if (identity) staff = await repos.staff.byId(identity.staffId);
        if (staff) break;
      }
    }
    if (staff) cache.set(key, staff);
    else cache.delete(key);
    return staff;
  };
}

function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function makeViewer(staff: Staff, context: ChatContext, link: ChannelLink | null): Viewer {
  return {
    staff,
    roles: new Set(staff.roles),
    where: whereOf(context.place),
    place: context.place,
    link,
    ...(context.timeZone ? { timeZone: context.timeZone } : {}),
  };
}

/** May the viewer see named students at all (some, not necessarily this one)? */
export function seesNames(viewer: Viewer): boolean {
  return viewer.roles.has('tutor') || viewer.roles.has('caseworker');
}

export function isAdmin(viewer: Viewer): boolean {
  return viewer.roles.has('admin');
}

/** Does the group linked to a channel include this student? */
export function groupIncludes(
  group: LinkedGroup,
  student: Pick<Student, 'tutorId' | 'programmeId' | 'yearOfStudy'>,
): boolean {
  switch (group.kind) {
    case 'tutor':
      return student.tutorId === group.staffId;
    case 'programme':
      return (
        student.programmeId === group.programmeId &&
        (group.yearOfStudy === null || student.yearOfStudy === group.yearOfStudy)
      );
    case 'managers':
    case 'admins':
      return false;
  }
}

/**
 * Why the viewer may see this student, or null when they may not. `cases` are the student's cases that
 * matter here (the active one, and any the viewer owns); pass what is at hand.
 */
export function entitlementTo(
  viewer: Viewer,
  student: Student,
  cases: readonly Pick<SupportCase, 'ownerId' | 'status'>[],
): Entitlement | null {
  const { staff, roles } = viewer;
  if (roles.has('tutor')) {
    if (student.tutorId === staff.id) return 'tutee';
    if (staff.programmeIds.includes(student.programmeId)) return 'programme';
  }
  if (!seesNames(viewer)) return null;
  if (viewer.link && groupIncludes(viewer.link.group, student)) return 'channel';
  if (roles.has('caseworker')) {
    if (cases.some((c) => c.ownerId === staff.id || c.status !== 'closed')) return 'case';
  }
  return null;
}

/** The students a viewer's lists show when the channel has no link: their tutees and programmes. */
export function ownScopeIncludes(viewer: Viewer, student: Pick<Student, 'tutorId' | 'programmeId'>): boolean {
  return (
    viewer.roles.has('tutor') &&
    (student.tutorId === viewer.staff.id || viewer.staff.programmeIds.includes(student.programmeId))
  );
}
