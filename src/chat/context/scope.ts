/**
 * Which students a digest or list covers, in words and as a test: the group linked to the channel (a
 * tutor's tutees, a programme or one year of it), or, where no group is linked, the viewer's own tutees and
 * programmes (for a caseworker, the students of their open cases).
 */
import type { Student } from '../../domain/model.ts';
import { namesStudents, type LinkedGroup } from '../../repositories/channelLinks.ts';
import { groupIncludes, ownScopeIncludes, type Viewer } from './access.ts';

export interface StudentScope {
  label: string;
  includes(student: Student): boolean;
}

export interface Names {
  programme(id: string): string;
  staff(id: string): string;
}

export function groupLabel(group: LinkedGroup, names: Names): string {
  switch (group.kind) {
    case 'tutor':
      return `tutees of ${names.staff(group.staffId)}`;
    case 'programme':
      return group.yearOfStudy === null
        ? `${names.programme(group.programmeId)}, all years`
        : `${names.programme(group.programmeId)}, year ${group.yearOfStudy}`;
    case 'managers':
      return "managers' channel";
    case 'admins':
      return "admins' channel";
  }
}

export function groupScope(group: LinkedGroup, names: Names): StudentScope {
  return { label: groupLabel(group, names), includes: (student) => groupIncludes(group, student) };
}

/**
 * The channel's linked group; else a tutor's own tutees and programmes; else, for a caseworker, the
 * students of the cases they own (`ownCases`, their student ids).
 */
export function viewerScope(viewer: Viewer, names: Names, ownCases?: ReadonlySet<string>): StudentScope {
  if (viewer.link && namesStudents(viewer.link.group)) return groupScope(viewer.link.group, names);
  if (!viewer.roles.has('tutor') && ownCases) {
    return { label: 'students of your open cases', includes: (student) => ownCases.has(student.id) };
  }
  const programmes = viewer.staff.programmeIds.map((id) => names.programme(id));
  return {
    label: programmes.length > 0 ? `your tutees and ${programmes.join(', ')}` : 'your tutees',
    includes: (student) => ownScopeIncludes(viewer, student),
  };
}

/** "programme=computer-science|yearOfStudy=2" → "BSc Computer Science, year 2". */
export function peerGroupLabel(key: string, names: Names): string {
  const parts = key.split('|').map((part) => {
    const [field = '', value = ''] = part.split('=');
    if (field === 'programme' || field === 'programmeId') return names.programme(value);
    if (field === 'yearOfStudy') return `year ${value}`;
    if (field === 'institution' || field === '') return 'the whole institution';
    return value;
  });
  return parts.join(', ');
}
