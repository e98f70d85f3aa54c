/**
 * Red team, where noise is the defence. A tracker that never asks two populations within k of
 * each other can still isolate one person by inclusion–exclusion over four populations:
 * P − (P without X) − (P without Y) + (P without X and Y) = the answers of X ∩ Y, when X and Y are
 * groups (of at least k) that share only the target. Every pair of these populations differs by
 * at least k, so the memory answers all four; each of their cells has its own respondents, hence
 * its own perturbation, and the estimate carries the noise of four cells.
 *
 * Over 2,500 simulated targets (a 50 × 50 grid: X is the target's row, Y its column, a posture
 * drawn as in the MicroOBS report, 42 animators for 15 experts), the attacker's best guess of the
 * target's posture is right no more often than guessing the most frequent answer, plus a margin
 * of 0.05. The same pipeline as the service: release data, table statistics, protection.
 * Deterministic: the record keys come from a seeded generator.
 */
import { perturbCount, publishCountRow } from '@observatory/anonymisation';
import type { AggregateField } from '../aggregate-field';
import { ReleaseDataBuilder, type ReleaseData } from './release-data';
import { tableStats, type TableQuery } from './release-table';

const SIDE = 50;
const K = 5;
const MARGIN = 0.05;
const P_ANIMATOR = 42 / 57;

const FIELDS: AggregateField[] = [
  {
    name: 'row',
    kind: 'categorical',
    source: 'answers',
    repeatPath: [],
    valuePath: ['row'],
    type: 'single-choice',
    options: [],
  },
  {
    name: 'column',
    kind: 'categorical',
    source: 'answers',
    repeatPath: [],
    valuePath: ['column'],
    type: 'single-choice',
    options: [],
  },
  {
    name: 'posture',
    kind: 'categorical',
    source: 'answers',
    repeatPath: [],
    valuePath: ['posture'],
    type: 'single-choice',
    options: ['animator', 'expert'],
  },
];

/** xorshift64*: a seeded stream of 63-bit record keys and uniform numbers. */
function generator(seed: bigint) {
  let state = seed;
  const next = (): bigint => {
    state ^= state >> 12n;
    state ^= (state << 25n) & 0xffffffffffffffffn;
    state ^= state >> 27n;
    return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
  };
  return { key: () => next() >> 1n, uniform: () => Number(next() >> 11n) / 2 ** 53 };
}

function grid(seed: bigint): { data: ReleaseData; postures: string[] } {
  const random = generator(seed);
  const builder = new ReleaseDataBuilder(() => FIELDS).declare(FIELDS);
  const postures: string[] = [];
  for (let i = 0; i < SIDE * SIDE; i++) {
    const posture = random.uniform() < P_ANIMATOR ? 'animator' : 'expert';
    postures.push(posture);
    builder.add({
      recordKey: random.key().toString(),
      campaignKey: 'c',
      version: '1.0.0',
      phase: null,
      respondentRole: null,
      branch: null,
      answers: { row: `r${Math.floor(i / SIDE)}`, column: `c${i % SIDE}`, posture },
      derived: {},
    });
  }
  return {
    data: builder.build({ instrumentKey: 'grid', number: 1, createdAt: new Date(0) }),
    postures,
  };
}

/** The published posture counts of the population without the rows and columns listed. */
function published(data: ReleaseData, withoutRow: string | null, withoutColumn: string | null) {
  const dimension = (name: 'row' | 'column') => ({
    name,
    column: data.column(FIELDS.find((f) => f.name === name)!) as never,
  });
  const all = (prefix: string, but: string | null) =>
    Array.from({ length: SIDE }, (_, i) => `${prefix}${i}`).filter((v) => v !== but);
  const query: TableQuery = {
    field: data.column(FIELDS[2])!,
    values: [null, 'animator', 'expert'],
    groupBy: [],
    filters: [
      ...(withoutRow ? [{ dimension: dimension('row'), values: all('r', withoutRow) }] : []),
      ...(withoutColumn
        ? [{ dimension: dimension('column'), values: all('c', withoutColumn) }]
        : []),
    ],
  };
  const row = tableStats(data, query).rows[0];
  const cells = publishCountRow(
    { group: {}, population: row.population.size, cells: row.cells },
    { k: K, kind: 'categorical' },
  )!;
  return new Map(cells.map((cell) => [cell.value, cell.count ?? 0]));
}

describe('red team: inclusion–exclusion over four populations (noise is the defence)', () => {
  const { data, postures } = grid(0x5eed_1234_abcd_ef01n);
  const everyone = published(data, null, null);
  const guesses: { truth: string; difference: number }[] = [];
  for (let target = 0; target < SIDE * SIDE; target++) {
    const row = `r${Math.floor(target / SIDE)}`;
    const column = `c${target % SIDE}`;
    const withoutX = published(data, row, null);
    const withoutY = published(data, null, column);
    const withoutBoth = published(data, row, column);
    const estimate = (value: string) =>
      everyone.get(value)! - withoutX.get(value)! - withoutY.get(value)! + withoutBoth.get(value)!;
    guesses.push({
      truth: postures[target],
      difference: estimate('animator') - estimate('expert'),
    });
  }
  const baseline = Math.max(P_ANIMATOR, 1 - P_ANIMATOR);
  const rate = (guess: (difference: number) => string) =>
    guesses.filter((g) => guess(g.difference) === g.truth).length / guesses.length;

  it(`covers at least 200 targets`, () => {
    expect(guesses.length).toBeGreaterThanOrEqual(200);
  });

  it('the estimate’s best reading is no better than guessing the most frequent answer + 0.05', () => {
    // Reading the larger difference as the answer.
    expect(rate((d) => (d >= 0 ? 'animator' : 'expert'))).toBeLessThanOrEqual(baseline + MARGIN);
  });

  it('nor is any threshold on it, the prior included (the best a Bayesian attacker can do)', () => {
    for (let threshold = -12; threshold <= 12; threshold++) {
      expect(rate((d) => (d >= threshold ? 'animator' : 'expert'))).toBeLessThanOrEqual(
        baseline + MARGIN,
      );
    }
  });

  it('while, without perturbation, the same four queries would give every target away', () => {
    // The control: the true counts of the four populations (what a partner got before issue 11).
    const exact = guesses.map((_, target) => (postures[target] === 'animator' ? 1 : -1));
    expect(exact.filter((d, i) => (d > 0 ? 'animator' : 'expert') === postures[i]).length).toBe(
      guesses.length,
    );
  });

  it('and a pair of populations one person apart would give the target away despite the noise', () => {
    // Why the memory refuses such pairs: only the target's cell changes its respondents, so only
    // its published count can move. The attacker reads the cell that moved, or else guesses the
    // most frequent answer. Over the first 500 targets.
    const published = (members: number[], value: string): number => {
      const chosen = members.filter((i) => postures[i] === value);
      const key = chosen.reduce((sum, i) => (sum + data.cellShares[i]) >>> 0, 0);
      return perturbCount(chosen.length, key, K);
    };
    const everyoneIndex = Array.from({ length: SIDE * SIDE }, (_, i) => i);
    let right = 0;
    const targets = 500;
    for (let target = 0; target < targets; target++) {
      const without = everyoneIndex.filter((i) => i !== target);
      const moved = ['animator', 'expert'].find(
        (value) => published(everyoneIndex, value) !== published(without, value),
      );
      if ((moved ?? 'animator') === postures[target]) right += 1;
    }
    expect(right / targets).toBeGreaterThan(baseline + 0.1);
  });
});
