/**
 * Keys of the generator's independent random streams (the second argument of `deriveSeed`), so that
 * changing how one part is drawn never shifts the numbers drawn for another.
 */
export const STREAM = {
  roster: 1,
  staff: 2,
  profile: 3,
  studentWeek: 4,
  deadlines: 5,
  incidents: 6,
  contacts: 7,
  mood: 8,
  outcomes: 9,
  earlierTerm: 10,
} as const;
