/**
 * A made-up but plausible roster of a county council's adult social care staff (Staffordshire's 2017
 * integration moved 907 of them to an NHS partnership trust). The same count and date always give the
 * same people, so the demo, tests and the bench can rely on it. Every address is at example.org.
 */
import { addCalendarDays } from '../../functions/domain/business-dates.ts';
import type { RosterRow } from '../../functions/domain/transfer.ts';

const firstNames = (
  'Olivia Amelia Isla Ava Mia Grace Sophie Emily Ella Lily Freya Chloe Jessica Ruby Poppy Hannah ' +
  'Charlotte Lucy Zara Aisha Priya Fatima Niamh Siobhan Joanne Karen Julie Sarah Claire Helen ' +
  'Nicola Michelle Rachel Gemma Dawn Tracey Oliver George Harry Jack Jacob Noah Charlie Thomas ' +
  'Oscar William James Daniel Mohammed Imran Ravi Arjun Kwame Tomasz Piotr Connor Liam Rhys Gareth ' +
  'Mark Paul Andrew Stephen Richard David Christopher Matthew Lee Darren Craig'
).split(' ');

const lastNames = (
  'Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker ' +
  'White Roberts Green Hall Wood Jackson Clarke Patel Khan Hussain Begum Ali Shah Kaur Singh ' +
  'Edwards Turner Hughes Lewis Harris Martin Cooper Hill Ward Morris Moore Clark Lee King Baker ' +
  'Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths ' +
  "Mitchell Kelly O'Brien Nowak Kowalski Mensah Okafor Adeyemi Bailey Stevens Bradley Shaw"
).split(' ');

/** Job titles with how many people in a hundred hold them. */
const jobTitles: ReadonlyArray<readonly [string, number]> = [
  ['Social Worker', 22],
  ['Senior Social Worker', 8],
  ['Community Care Worker', 16],
  ['Reablement Support Worker', 14],
  ['Occupational Therapist', 7],
  ['Care Assessor', 8],
  ['Approved Mental Health Professional', 3],
  ['Sensory Support Worker', 2],
  ['Business Support Officer', 10],
  ['Practice Manager', 4],
  ['Team Manager', 3],
  ['Commissioning Officer', 3],
];

const places = [
  'Cannock',
  'Stafford',
  'Lichfield',
  'Tamworth',
  'Burton upon Trent',
  'Leek',
  'Newcastle-under-Lyme',
  'Stone',
  'Uttoxeter',
  'Rugeley',
  'Biddulph',
  'Cheadle',
];

const teamKinds = [
  'Locality Team',
  'Hospital Discharge Team',
  'Reablement Service',
  'Learning Disability Team',
  'Mental Health Team',
  'Occupational Therapy Team',
  'Safeguarding Team',
];

/** People a manager looks after. */
const teamSize = 12;

/** A small, seeded random number generator (mulberry32): the same seed, the same numbers. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weightedTitle(random: () => number): string {
  const total = jobTitles.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [title, weight] of jobTitles) {
    roll -= weight;
    if (roll < 0) return title;
  }
  return jobTitles[0]?.[0] ?? 'Social Worker';
}

function emailPart(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

export interface DemoRosterOptions {
  /** Service start dates are before it and fixed-term contracts end after it. */
  today: string;
  /** Employee numbers start with it (`SCC` by default: Staffordshire County Council). */
  prefix?: string;
}

/** `count` people; roughly one in six on a fixed-term contract; managers `manager1@example.org` onwards. */
export function demoRoster(count: number, { today, prefix = 'SCC' }: DemoRosterOptions): RosterRow[] {
  const random = seededRandom(907);
  return Array.from({ length: count }, (_, index): RosterRow => {
    const first = pick(random, firstNames);
    const last = pick(random, lastNames);
    const place = pick(random, places);
    const teamKind = pick(random, teamKinds);
    const fixedTerm = random() < 1 / 6;
    // Service of 3 months to 30 years before today.
    const serviceDays = 90 + Math.floor(random() * 30 * 365);
    // A fixed-term contract ends 1 to 24 months after today.
    const remainingDays = 30 + Math.floor(random() * 700);
    const number = String(100001 + index);
    return {
      employeeNumber: `${prefix}${number}`,
      name: `${first} ${last}`,
      email: `${emailPart(first)}.${emailPart(last)}.${number}@example.org`,
      jobTitle: weightedTitle(random),
      team: `${place} ${teamKind}`,
      managerEmail: `manager${Math.floor(index / teamSize) + 1}@example.org`,
      currentPensionScheme: 'LGPS',
      contractType: fixedTerm ? 'fixed-term' : 'permanent',
      ...(fixedTerm ? { contractEndDate: addCalendarDays(today, remainingDays) } : {}),
      continuousServiceStart: addCalendarDays(today, -serviceDays),
    };
  });
}
