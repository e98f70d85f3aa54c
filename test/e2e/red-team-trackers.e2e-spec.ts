/**
 * Red team, trackers: two queries that each pass, subtracted, would leave one person. Each test
 * builds its data, attacks with a PARTNER key through GraphQL, and checks what the attacker can
 * no longer learn. Every attack here succeeded against the service before issue 11 (the
 * difference of the two answers was exactly the target's answers). Each attack has its own
 * campaign, so their populations are far apart and the attacks do not interfere.
 */
import { microobsReportResponses } from '../fixtures/microobs-report';
import { seedCampaign } from '../support/campaign-fixture';
import { builtinDefinition, RedTeamWorld, type Attacker, type Reply } from '../support/red-team';

const MICROOBS = builtinDefinition('questionnaire', 'microobs-mediators');
const COMPLETE = microobsReportResponses().filter((response) => response.status === 'COMPLETE');
/** The only respondent of the report with a doctorate: the target of the value-set trackers. */
const DOCTOR = COMPLETE.findIndex((response) => response.answers.diploma === 'doctorate');
const FIVE_DIPLOMAS = ['bac', 'licence', 'master', 'bac-plus-2', 'doctorate'];

/** The attack failed: the pair was not both answered, and the second was refused as a tracker. */
function expectRefusedTracker(first: Reply, second: Reply): void {
  expect(first.codes).toEqual([]);
  expect(first.answer?.suppressed).toBe(false);
  expect(second.codes).toEqual(['DISCLOSURE_RISK']);
  expect(second.answer).toBeUndefined();
}

describe('red team: trackers', () => {
  let world: RedTeamWorld;
  let attacker: Attacker;

  const seedReport = async (
    campaignKey: string,
    phaseOf: (index: number) => string = () => 'w1',
  ) => {
    for (const [index, response] of COMPLETE.entries()) {
      await world.submit({
        instrumentKey: 'microobs-mediators',
        campaignKey,
        phase: phaseOf(index),
        answers: response.answers,
      });
    }
  };

  beforeAll(async () => {
    world = await RedTeamWorld.start();
    const phases = ['w1', 'w2', 'w3'].map((key) => ({
      key,
      instrumentKeys: ['microobs-mediators'],
    }));
    for (const key of ['vs', 'ph', 'tf', 'vv', 'cs1', 'cs2', 'po'])
      await seedCampaign(world.api, { key, phases });
    await seedReport('vs');
    // Phases: the target and two others answer in w2; the rest in w1 (40) and w3.
    await seedReport('ph', (i) =>
      i === DOCTOR || i === 1 || i === 2 ? 'w2' : i < 43 ? 'w1' : 'w3',
    );
    await seedReport('tf');
    await seedReport('cs1');
    await seedReport('po');
    await seedReport('vv');
    // The campaign tracker's target answers alone in cs2; the version tracker's, alone in 1.1.0.
    await world.submit({
      instrumentKey: 'microobs-mediators',
      campaignKey: 'cs2',
      phase: 'w1',
      answers: COMPLETE[7].answers,
    });
    const published = await world.admin(
      'mutation ($input: PublishInstrumentVersionInput!) { publishInstrumentVersion(input: $input) { created } }',
      {
        input: {
          key: 'microobs-mediators',
          kind: 'questionnaire',
          version: '1.1.0',
          definition: { ...MICROOBS, version: '1.1.0' },
        },
      },
    );
    expect(published.errors).toBeUndefined();
    await world.submit({
      instrumentKey: 'microobs-mediators',
      campaignKey: 'vv',
      phase: 'w1',
      version: '1.1.0',
      answers: COMPLETE[9].answers,
    });
    expect((await world.publish('microobs-mediators')).codes).toEqual([]);
    attacker = await world.partner('attacker', {
      campaignKeys: ['vs', 'ph', 'tf', 'vv', 'cs1', 'cs2', 'po'],
    });
    // Seeding goes through the API, one submission at a time: slow on a busy machine.
  }, 300_000);

  afterAll(() => world.close());

  it('by value sets: a filter with and without one value does not give the only doctor away', async () => {
    const withDoctor = await attacker.aggregate({
      campaignKey: 'vs',
      field: 'posture',
      filters: [{ field: 'diploma', values: FIVE_DIPLOMAS }],
    });
    const withoutDoctor = await attacker.aggregate({
      campaignKey: 'vs',
      field: 'posture',
      filters: [{ field: 'diploma', values: FIVE_DIPLOMAS.slice(0, 4) }],
    });
    expectRefusedTracker(withDoctor, withoutDoctor);
    // Nor the other way round, nor through another field: the population is what is remembered.
    const otherField = await attacker.aggregate({
      campaignKey: 'vs',
      field: 'qualities',
      filters: [{ field: 'diploma', values: FIVE_DIPLOMAS.slice(0, 4) }],
    });
    expect(otherField.codes).toEqual(['DISCLOSURE_RISK']);
    // Nor by grouping on the diploma: the doctor's group (one person) is not even listed, and
    // the group "everyone but the doctor" cannot be asked as a filter either.
    const grouped = await attacker.aggregate({
      campaignKey: 'vs',
      field: 'posture',
      groupBy: ['diploma'],
    });
    expect(grouped.answer?.cells.some((cell) => cell.group.diploma === 'doctorate')).toBe(false);
    const refusals = (await world.audit('attacker')).filter((event) => event.outcome === 'REFUSED');
    expect(refusals.length).toBeGreaterThanOrEqual(2);
  });

  it('by campaign sets: all the agreement’s campaigns minus one do not isolate its lone respondent', async () => {
    const campaigns = await world.partner('campaign-attacker', { campaignKeys: ['cs1', 'cs2'] });
    const all = await campaigns.aggregate({ field: 'posture' });
    const allButOne = await campaigns.aggregate({ field: 'posture', campaignKey: 'cs1' });
    expectRefusedTracker(all, allButOne);
  });

  it('by versions: all versions minus the one with a single respondent isolate no one', async () => {
    const all = await attacker.aggregate({ campaignKey: 'vv', field: 'diploma' });
    const oldOnly = await attacker.aggregate({
      campaignKey: 'vv',
      field: 'diploma',
      versions: ['1.0.0'],
    });
    expectRefusedTracker(all, oldOnly);
    // Naming every version is the same population as naming none: the same answer.
    const named = await attacker.aggregate({
      campaignKey: 'vv',
      field: 'diploma',
      versions: ['1.0.0', '1.1.0'],
    });
    expect(named.answer).toEqual(all.answer);
  });

  it('by phases: {w1, w2} minus {w1} does not give the three of w2 away', async () => {
    const twoPhases = await attacker.aggregate({
      campaignKey: 'ph',
      field: 'diploma',
      filters: [{ field: 'phase', values: ['w1', 'w2'] }],
    });
    const onePhase = await attacker.aggregate({
      campaignKey: 'ph',
      field: 'diploma',
      filters: [{ field: 'phase', values: ['w1'] }],
    });
    expectRefusedTracker(twoPhases, onePhase);
    // w2 itself: three respondents, fewer than k: withheld, nothing remembered.
    const w2 = await attacker.aggregate({
      campaignKey: 'ph',
      field: 'diploma',
      filters: [{ field: 'phase', values: ['w2'] }],
    });
    expect(w2.answer).toMatchObject({ suppressed: true, population: null, cells: [] });
  });

  it('by two filters combined: the pair is refused as any other', async () => {
    const genders = { field: 'gender', values: ['male', 'female'] };
    const first = await attacker.aggregate({
      campaignKey: 'tf',
      field: 'posture',
      filters: [genders, { field: 'diploma', values: FIVE_DIPLOMAS }],
    });
    const second = await attacker.aggregate({
      campaignKey: 'tf',
      field: 'posture',
      filters: [genders, { field: 'diploma', values: FIVE_DIPLOMAS.slice(0, 4) }],
    });
    expectRefusedTracker(first, second);
  });

  it('by two partners pooling their answers: the memory is shared by every partner', async () => {
    const one = await world.partner('pool-one', { campaignKeys: ['po'] });
    const two = await world.partner('pool-two', { campaignKeys: ['po'] });
    const first = await one.aggregate({
      field: 'posture',
      filters: [{ field: 'diploma', values: FIVE_DIPLOMAS }],
    });
    const second = await two.aggregate({
      field: 'posture',
      filters: [{ field: 'diploma', values: FIVE_DIPLOMAS.slice(0, 4) }],
    });
    expectRefusedTracker(first, second);
  });

  it('gives the same answer to the same question, and to the same respondents described alike', async () => {
    const question = {
      campaignKey: 'vs',
      field: 'posture',
      filters: [{ field: 'diploma', values: FIVE_DIPLOMAS }],
    };
    const again = await attacker.aggregate(question);
    const reordered = await attacker.aggregate({
      ...question,
      filters: [{ field: 'diploma', values: [...FIVE_DIPLOMAS].reverse() }],
    });
    expect(again.codes).toEqual([]);
    expect(reordered.answer).toEqual(again.answer);
  });
});
