import { describe, expect, it } from 'vitest';
import { trendInWords, weeksInWords, type WeekScore } from '../../src/students/trendWords.ts';
import { dataKindsInWords } from '../../src/students/dataKinds.ts';
import { VERDICT } from './support.ts';

const weeks = (...scores: number[]): WeekScore[] =>
  scores.map((score, i) => ({ week: `2026-W${String(40 + i).padStart(2, '0')}`, score, sharedCause: false }));

describe("a student's trend in plain words", () => {
  it('says how long it has been lower than their peers and which way it is going, without a number', () => {
    const words = trendInWords(weeks(520, 400, 380, 420), { showScore: false });
    expect(words).toEqual([
      "Your engagement has been lower than your peers' for three weeks.",
      'It rose last week.',
    ]);
    expect(words.join(' ')).not.toMatch(/\d/);
  });

  it('says it has been rising for two weeks when it has', () => {
    expect(trendInWords(weeks(300, 280, 330, 470), { showScore: false })).toEqual([
      "Your engagement was about the same as your peers' last week.",
      'It has been rising for two weeks.',
    ]);
  });

  it('says falling and steady in words, never a verdict', () => {
    const falling = trendInWords(weeks(700, 640, 600, 580), { showScore: false });
    expect(falling).toEqual([
      "Your engagement has been higher than most of your peers' for four weeks.",
      'It has been falling for three weeks.',
    ]);
    const steady = trendInWords(weeks(200, 205, 198), { showScore: false });
    expect(steady[1]).toBe('It has been steady lately.');
    for (const sentence of [...falling, ...steady]) expect(sentence).not.toMatch(VERDICT);
  });

  it('adds the score only when the institution shows it', () => {
    const words = trendInWords(weeks(400, 430), { showScore: true });
    expect(words.at(-1)).toBe("Your score last week was 430, where 500 is your peers' average.");
  });

  it('does not read a whole-course dip as the student’s', () => {
    const dip = weeks(500, 380);
    dip[1]!.sharedCause = true;
    expect(trendInWords(dip, { showScore: false }).join(' ')).toContain('does not read that dip as yours');
  });

  it('says there is nothing yet when no week is scored', () => {
    expect(trendInWords([], { showScore: false })).toEqual([
      'Engage has no weekly picture of your engagement yet: it appears once the first weeks are counted.',
    ]);
  });

  it('counts weeks in words up to twelve, then in figures', () => {
    expect(weeksInWords(1)).toBe('one week');
    expect(weeksInWords(12)).toBe('twelve weeks');
    expect(weeksInWords(14)).toBe('14 weeks');
  });
});

describe('the kinds of data a student is told about', () => {
  it('names each kind switched on once, as counts, and leaves out those switched off', () => {
    const lines = dataKindsInWords([
      { kind: 'attendance', enabled: true },
      { kind: 'vle', enabled: true },
      { kind: 'teams', enabled: true },
      { kind: 'wifi', enabled: false },
      { kind: 'vle', enabled: true },
    ]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Attendance: how many/);
    expect(lines.join(' ')).not.toMatch(/Wi-Fi/);
  });
});
