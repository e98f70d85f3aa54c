/**
 * Red team, small and homogeneous groups: numeric summaries of k or 5 respondents, a group whose
 * answers are all alike, blocks of a repeat counted as people; and the one attack where noise is
 * the defence (inclusion–exclusion over four populations) run through GraphQL, checked figure by
 * figure against the pure pipeline that red-team-noise.spec.ts simulates over 2,500 targets.
 * Against the service before issue 11: n = 3 gave every score (2·q1 − median, median,
 * 2·q3 − median), n = 5 gave the 2nd to 4th scores, a cohort all alike was shown as such with
 * k = 3, and one observer's seven identical beneficiary blocks passed k = 5 as eight people.
 */
import { DataSource } from 'typeorm';
import { addToCellKey, perturbCount, recordKeyParts } from '@observatory/anonymisation';
import { microobsReportResponses } from '../fixtures/microobs-report';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { builtinDefinition, picAnswers, RedTeamWorld, type Attacker } from '../support/red-team';

const PIC = builtinDefinition('skills-test', 'techess-pic-test');
const DAY2 = builtinDefinition('observation-grid', 'techess-observation-day2');
const COMPLETE = microobsReportResponses().filter((response) => response.status === 'COMPLETE');
const CONTRACTS = [
  'cdi',
  'cdd',
  'subsidised-contract',
  'civil-servant',
  'independent',
  'civic-service',
  'other',
];
const EMPLOYERS = [
  'local-authority',
  'association',
  'company',
  'self-employed',
  'public-institution',
  'other',
];

describe('red team: small and homogeneous groups', () => {
  let world: RedTeamWorld;
  let k3: Attacker;
  let k5: Attacker;

  beforeAll(async () => {
    world = await RedTeamWorld.start();
    await seedCampaign(world.api, {
      key: 'techess',
      branches: ['insertion', 'animation', 'trio', 'five'],
      phases: [
        { key: 'day2', instrumentKeys: ['techess-observation-day2'] },
        { key: 'seminar', instrumentKeys: ['techess-pic-test'] },
      ],
      pairs: [['M01', 'P01']],
    });
    await seedCampaign(world.api, {
      key: 'grid',
      phases: [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }],
    });

    // Skills tests: 20 in insertion (varied), 3 in trio, 5 in five (distinct scores), and 3 in
    // animation who all answer item20 alike.
    const test = (branch: string, answers: Record<string, string>) =>
      world.submitAnonymous({
        instrumentKey: 'techess-pic-test',
        campaignKey: 'techess',
        phase: 'seminar',
        branch,
        respondentRole: 'MEDIATOR',
        answers,
      });
    for (let i = 0; i < 20; i++) {
      const answers = picAnswers(PIC, 2 + ((i * 7) % 17));
      answers.item20 = ['a', 'b', 'c', 'd'][i % 4];
      await test('insertion', answers);
    }
    for (const score of [4, 11, 17]) await test('trio', picAnswers(PIC, score));
    for (const score of [4, 9, 13, 15, 18]) await test('five', picAnswers(PIC, score));
    for (let i = 0; i < 3; i++) await test('animation', { ...picAnswers(PIC, 5 + i), item20: 'a' });

    // Day-2 grids: six with various beneficiaries, one with seven identical blocks.
    const grid = (answers: Record<string, unknown>) =>
      world.submit({
        instrumentKey: 'techess-observation-day2',
        campaignKey: 'techess',
        phase: 'day2',
        pairCode: 'M01+P01',
        participantCode: 'M01',
        answers,
      });
    for (let i = 0; i < 6; i++) await grid(sampleAnswers(DAY2, { fillOptional: true, seed: i }));
    const seven = sampleAnswers(DAY2, { fillOptional: true, seed: 99 });
    const block = (seven.beneficiaries as Record<string, Record<string, unknown>>[])[0];
    seven.beneficiaries = Array.from({ length: 7 }, () => ({
      ...block,
      needs: { ...block.needs, socialStatus: 'retraite' },
    }));
    await grid(seven);

    // The grid of the inclusion–exclusion attack: one respondent per (contract, employer type).
    for (const [c, contract] of CONTRACTS.entries()) {
      for (const [e, employerType] of EMPLOYERS.entries()) {
        const base = COMPLETE[(c * 6 + e) % COMPLETE.length].answers;
        await world.submit({
          instrumentKey: 'microobs-mediators',
          campaignKey: 'grid',
          phase: 'q1',
          answers: {
            ...base,
            contract,
            employerType,
            posture: (c * 5 + e * 3) % 4 === 0 ? 'expert' : 'animator',
          },
        });
      }
    }
    for (const instrumentKey of [
      'techess-pic-test',
      'techess-observation-day2',
      'microobs-mediators',
    ]) {
      expect((await world.publish(instrumentKey)).codes).toEqual([]);
    }
    k3 = await world.partner('k3', { k: 3, campaignKeys: ['techess', 'grid'] });
    k5 = await world.partner('k5', { k: 5, campaignKeys: ['techess', 'grid'] });
    // Seeding goes through the API, one submission at a time: slow on a busy machine.
  }, 300_000);

  afterAll(() => world.close());

  const scores = (branch: string) => ({
    instrumentKey: 'techess-pic-test',
    field: 'score.total',
    filters: [{ field: 'branch', values: [branch] }],
  });

  it('numbers at n = k = 3: nothing of the three scores is given', async () => {
    const grouped = await k3.aggregate({ ...scores('trio'), filters: [], groupBy: ['branch'] });
    const trio = grouped.answer!.cells.find((cell) => cell.group.branch === 'trio')!;
    expect(trio).toMatchObject({
      suppressed: true,
      count: null,
      mean: null,
      median: null,
      q1: null,
      q3: null,
    });
    const alone = await k3.aggregate(scores('trio'));
    expect(alone.answer!.cells).toEqual([
      expect.objectContaining({ suppressed: true, mean: null, median: null, q1: null, q3: null }),
    ]);
  });

  it('numbers at n = 5: no quartiles, and a mean that does not give the sum', async () => {
    const five = await k3.aggregate(scores('five'));
    const cell = five.answer!.cells[0];
    expect(cell).toMatchObject({ suppressed: false, median: null, q1: null, q3: null });
    // The mean is perturbed by at most half the scores' span over n (here 2..19 → 8.5 / 5).
    expect(Math.abs(cell.mean! - 59 / 5)).toBeLessThanOrEqual(8.5 / 5 + 0.01);
    // The count too is perturbed (0 or from k on), so count × mean is not the sum either.
    expect(cell.count === 0 || cell.count! >= 3).toBe(true);
  });

  it('a group all alike: not shown with k = 5, protected with k = 3, not reachable by subtraction', async () => {
    const item = { instrumentKey: 'techess-pic-test', field: 'item20', groupBy: ['branch'] };
    const shown5 = await k5.aggregate(item);
    expect(shown5.answer!.cells.filter((c) => c.group.branch === 'animation')).toEqual([]);
    const shown3 = await k3.aggregate(item);
    const animation = shown3.answer!.cells.filter((c) => c.group.branch === 'animation');
    expect(animation.length).toBeGreaterThan(0);
    expect(animation.every((c) => c.suppressed && c.reason === 'DOMINANCE')).toBe(true);
    // Everyone minus everyone but the three: the second population is 3 < 5 away.
    const everyone = await k5.aggregate({ instrumentKey: 'techess-pic-test', field: 'item20' });
    const allBut = await k5.aggregate({
      instrumentKey: 'techess-pic-test',
      field: 'item20',
      filters: [{ field: 'branch', values: ['insertion', 'trio', 'five'] }],
    });
    expect(everyone.codes).toEqual([]);
    expect(allBut.codes).toEqual(['DISCLOSURE_RISK']);
  });

  it('repeat blocks: seven blocks of one observer count once, and not as a group of seven', async () => {
    const status = await k5.aggregate({
      instrumentKey: 'techess-observation-day2',
      field: 'beneficiaries.needs.socialStatus',
    });
    const retired = status.answer!.cells.find((cell) => cell.value === 'retraite')!;
    // One respondent: far from k, so protected, never shown as 7 (or 8).
    expect(retired).toMatchObject({ suppressed: true, count: null });
    for (const cell of status.answer!.cells) {
      if (cell.count !== null) expect(cell.count === 0 || cell.count >= 5).toBe(true);
    }
    // The admins' exact figure counts respondents too.
    const exact = await world.admin<{ aggregate: { cells: { value: string; count: number }[] } }>(
      'query { aggregate(input: { instrumentKey: "techess-observation-day2", field: "beneficiaries.needs.socialStatus", unsuppressed: true }) { cells { value count } } }',
    );
    const grids = [...Array(6).keys()].map((seed) =>
      sampleAnswers(DAY2, { fillOptional: true, seed }),
    );
    const retiredGrids = grids.filter((answers) =>
      (answers.beneficiaries as { needs: { socialStatus?: string } }[]).some(
        (b) => b.needs.socialStatus === 'retraite',
      ),
    ).length;
    expect(exact.data!.aggregate.cells.find((cell) => cell.value === 'retraite')!.count).toBe(
      retiredGrids + 1,
    );
  });

  it('inclusion–exclusion over four populations is answered, with exactly the noise the simulation has', async () => {
    const db = world.api.app.get(DataSource);
    const rows: { record_key: string; contract: string; employer: string; posture: string }[] =
      await db.query(
        `SELECT record_key::text AS record_key, answers->>'contract' AS contract, answers->>'employerType' AS employer, answers->>'posture' AS posture
         FROM submission WHERE campaign_key = 'grid'`,
      );
    const predicted = (keep: (row: (typeof rows)[number]) => boolean, value: string) => {
      let count = 0;
      let key = 0;
      for (const row of rows) {
        if (!keep(row) || row.posture !== value) continue;
        count += 1;
        key = addToCellKey(key, recordKeyParts(row.record_key).cellKey);
      }
      return perturbCount(count, key, 5);
    };
    const question = (filters: { field: string; values: string[] }[]) =>
      k5.aggregate({ campaignKey: 'grid', field: 'posture', filters });
    const but = (list: string[], one: string) => list.filter((v) => v !== one);
    for (const [contract, employer] of [
      ['cdi', 'association'],
      ['cdd', 'company'],
      ['other', 'other'],
    ]) {
      const answers = [
        await question([]),
        await question([{ field: 'contract', values: but(CONTRACTS, contract) }]),
        await question([{ field: 'employerType', values: but(EMPLOYERS, employer) }]),
        await question([
          { field: 'contract', values: but(CONTRACTS, contract) },
          { field: 'employerType', values: but(EMPLOYERS, employer) },
        ]),
      ];
      const keeps = [
        () => true,
        (r: (typeof rows)[number]) => r.contract !== contract,
        (r: (typeof rows)[number]) => r.employer !== employer,
        (r: (typeof rows)[number]) => r.contract !== contract && r.employer !== employer,
      ];
      for (const [i, answer] of answers.entries()) {
        // All four are answered: no pair of them is within k of another.
        expect(answer.codes).toEqual([]);
        for (const value of ['animator', 'expert']) {
          const cell = answer.answer!.cells.find((c) => c.value === value)!;
          expect(cell.count).toBe(predicted(keeps[i], value));
        }
      }
    }
  });
});
