/**
 * Red team, before and after: an attacker who knows that one person just submitted, completed a
 * draft or was erased compares the answers before and after. Against the service before issue 11
 * each of these gave the person's answers exactly (the cells that moved were theirs). Now partners
 * read releases that advance only after at least k changes, and a population answered in one
 * release cannot be answered again in another when it changed by fewer than k.
 */
import { microobsReportResponses } from '../fixtures/microobs-report';
import { seedCampaign } from '../support/campaign-fixture';
import { sampleAnswers } from '../support/sample-answers';
import { builtinDefinition, picAnswers, RedTeamWorld, type Attacker } from '../support/red-team';

const DAY2 = builtinDefinition('observation-grid', 'techess-observation-day2');
const PIC = builtinDefinition('skills-test', 'techess-pic-test');
const COMPLETE = microobsReportResponses().filter((response) => response.status === 'COMPLETE');
/** Someone the attacker knows: diploma master, and a posture to find out. */
const TARGET = {
  ...COMPLETE.find((r) => r.answers.diploma === 'master')!.answers,
  posture: 'expert',
};
/** Four others who answer in the same window, all outside the target's diploma. */
const OTHERS = COMPLETE.filter((r) => r.answers.diploma === 'bac').slice(0, 4);

describe('red team: before and after', () => {
  let world: RedTeamWorld;
  let attacker: Attacker;

  const microobs = (
    campaignKey: string,
    answers: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ) =>
    world.submit({
      instrumentKey: 'microobs-mediators',
      campaignKey,
      phase: 'q1',
      answers,
      ...extra,
    });

  beforeAll(async () => {
    world = await RedTeamWorld.start();
    const q1 = [{ key: 'q1', instrumentKeys: ['microobs-mediators'] }];
    for (const key of ['sub', 'draft']) await seedCampaign(world.api, { key, phases: q1 });
    await seedCampaign(world.api, {
      key: 'techess',
      branches: ['insertion', 'animation'],
      phases: [
        { key: 'day2', instrumentKeys: ['techess-observation-day2'] },
        { key: 'seminar', instrumentKeys: ['techess-pic-test'] },
      ],
      pairs: [
        ['M01', 'P01'],
        ['M02', 'P02'],
      ],
    });
    for (const response of COMPLETE) {
      await microobs('sub', response.answers);
      await microobs('draft', response.answers);
    }
    for (let i = 0; i < 30; i++) {
      await world.submit({
        instrumentKey: 'techess-observation-day2',
        campaignKey: 'techess',
        phase: 'day2',
        pairCode: i === 0 ? 'M02+P02' : 'M01+P01',
        participantCode: i === 0 ? 'M02' : 'M01',
        answers: sampleAnswers(DAY2, { fillOptional: true, seed: i }),
      });
    }
    for (const instrumentKey of ['microobs-mediators', 'techess-observation-day2']) {
      expect((await world.publish(instrumentKey)).codes).toEqual([]);
    }
    attacker = await world.partner('attacker', { campaignKeys: ['sub', 'draft', 'techess'] });
    // Seeding goes through the API, one submission at a time: slow on a busy machine.
  }, 300_000);

  afterAll(() => world.close());

  it('after one submission: nothing moves until k changed, and then the target’s group cannot be compared', async () => {
    const everyone = { campaignKey: 'sub', field: 'mediationTime' };
    const masters = { ...everyone, filters: [{ field: 'diploma', values: ['master'] }] };
    const before = await attacker.aggregate(everyone);
    const mastersBefore = await attacker.aggregate(masters);
    expect(mastersBefore.codes).toEqual([]);

    await microobs('sub', TARGET);
    // One change: no release (the admin's request is refused too), the same figures.
    expect((await world.publish('microobs-mediators')).codes).toEqual(['CONFLICT']);
    expect((await attacker.aggregate(everyone)).answer).toEqual(before.answer);

    // Four more, elsewhere: a release with five changes.
    for (const other of OTHERS) await microobs('sub', other.answers);
    expect((await world.publish('microobs-mediators')).codes).toEqual([]);
    // Everyone: five changed, enough to answer; the difference mixes five people and noise.
    const after = await attacker.aggregate(everyone);
    expect(after.codes).toEqual([]);
    expect(after.answer!.release!.number).toBe(before.answer!.release!.number + 1);
    // The masters: only the target changed among them. Refused, whatever the answer would be.
    const mastersAfter = await attacker.aggregate(masters);
    expect(mastersAfter.codes).toEqual(['DISCLOSURE_RISK']);
    // The same group reached by a group instead of a filter: suppressed, not shown.
    const byDiploma = await attacker.aggregate({ ...everyone, groupBy: ['diploma'] });
    const masterCells = byDiploma.answer!.cells.filter((cell) => cell.group.diploma === 'master');
    expect(masterCells.length).toBeGreaterThan(0);
    expect(masterCells.every((cell) => cell.suppressed && cell.count === null)).toBe(true);
    expect(masterCells[0].reason).toBe('NEAR_POPULATION');
  });

  it('after a completed draft: the same', async () => {
    const masters = {
      campaignKey: 'draft',
      field: 'posture',
      filters: [{ field: 'diploma', values: ['master'] }],
    };
    const before = await attacker.aggregate(masters);
    expect(before.codes).toEqual([]);
    await microobs(
      'draft',
      { diploma: 'master' },
      { status: 'DRAFT', clientSubmissionId: 'the-draft' },
    );
    await microobs('draft', TARGET, { clientSubmissionId: 'the-draft' });
    expect((await attacker.aggregate(masters)).answer).toEqual(before.answer);
    // Even when an admin forces a release for this one change, the group cannot be compared.
    expect((await world.publish('microobs-mediators', true)).codes).toEqual([]);
    expect((await attacker.aggregate(masters)).codes).toEqual(['DISCLOSURE_RISK']);
  });

  it('after an erasure: the erased person leaves the figures only with k − 1 others, and not visibly', async () => {
    const question = {
      instrumentKey: 'techess-observation-day2',
      campaignKey: 'techess',
      field: 'context.sequence',
    };
    const before = await attacker.aggregate(question);
    expect(before.codes).toEqual([]);
    const erased = await world.admin(
      'mutation { eraseParticipant(campaignKey: "techess", participantCode: "M02") { submissionsDeleted } }',
    );
    expect(erased.data).toEqual({ eraseParticipant: { submissionsDeleted: 1 } });
    // Until the next release the partner's figures do not move: erasure itself discloses nothing.
    expect((await world.publish('techess-observation-day2')).codes).toEqual(['CONFLICT']);
    expect((await attacker.aggregate(question)).answer).toEqual(before.answer);
    // A release forced on that single change: the same question is refused, not answered anew.
    expect((await world.publish('techess-observation-day2', true)).codes).toEqual([]);
    expect((await attacker.aggregate(question)).codes).toEqual(['DISCLOSURE_RISK']);
  });

  it('a score over time: n′·mean′ − n·mean is never available for one new anonymous test', async () => {
    const test = (correct: number) =>
      world.submitAnonymous({
        instrumentKey: 'techess-pic-test',
        campaignKey: 'techess',
        phase: 'seminar',
        branch: 'insertion',
        respondentRole: 'MEDIATOR',
        answers: picAnswers(PIC, correct),
      });
    for (let i = 0; i < 20; i++) await test(3 + ((i * 7) % 15));
    expect((await world.publish('techess-pic-test')).codes).toEqual([]);
    const scores = {
      instrumentKey: 'techess-pic-test',
      campaignKey: 'techess',
      field: 'score.total',
    };
    const before = await attacker.aggregate(scores);
    expect(before.answer!.cells[0]).toMatchObject({ suppressed: false, mean: expect.any(Number) });

    await test(19);
    expect((await world.publish('techess-pic-test')).codes).toEqual(['CONFLICT']);
    expect((await attacker.aggregate(scores)).answer).toEqual(before.answer);
    expect((await world.publish('techess-pic-test', true)).codes).toEqual([]);
    expect((await attacker.aggregate(scores)).codes).toEqual(['DISCLOSURE_RISK']);
    // After k more tests, the mean moves, for k + 1 people at once.
    for (let i = 0; i < 5; i++) await test(10);
    expect((await world.publish('techess-pic-test')).codes).toEqual([]);
    expect((await attacker.aggregate(scores)).codes).toEqual([]);
  });
});
