/**
 * A SurveyJS front-end, as a developer would write one: fetch each published instrument's
 * `surveyJs`, load it into survey-core, fill it, and send `survey.data` unchanged.
 */
import { Model } from 'survey-core';
import { anonymousInput, issueTokens, SUBMIT_ANONYMOUS } from '../support/anonymous-flow';
import {
  contextOf,
  FRONT_END_CAMPAIGN,
  publishedForms,
  seedFrontEndCampaign,
  type PublishedForm,
} from '../support/front-end-fixture';
import { fillSurvey } from '../support/survey-filler';
import { createTestApp, type TestApp } from '../support/test-app';

const BUILTIN = [
  'microobs-mediators',
  'techess-debrief',
  'techess-observation-day1',
  'techess-observation-day2',
  'techess-pic-test',
];

const SUBMIT = `mutation ($input: SubmitInput!) {
  submit(input: $input) {
    __typename
    ... on SubmissionAccepted { submission { id status answers } }
    ... on SubmissionRejected { errors { path code message question } }
  }
}`;
const VALIDATE = `query ($key: String!, $version: String!, $answers: JSON!, $status: SubmissionStatus) {
  validateAnswers(instrumentKey: $key, version: $version, answers: $answers, status: $status) {
    path code message question
  }
}`;

interface Result {
  __typename: string;
  submission?: { status: string; answers: Record<string, unknown> };
  errors?: { path: string; code: string; question: string | null }[];
}

let ids = 0;

describe('SurveyJS forms filled in survey-core are accepted as they are', () => {
  let api: TestApp;
  let collector: string;
  let forms: Map<string, PublishedForm>;

  const form = (key: string): PublishedForm => {
    const found = forms.get(key);
    if (!found) throw new Error(`${key} is not published`);
    return found;
  };
  const filled = (key: string, limit?: number): Record<string, unknown> => {
    const survey = new Model(form(key).surveyJs);
    fillSurvey(survey, { limit });
    if (limit === undefined) expect(survey.validate(false, false)).toBe(true);
    return survey.data as Record<string, unknown>;
  };
  const submit = async (key: string, answers: unknown, status = 'COMPLETE'): Promise<Result> => {
    const { version } = form(key);
    const reply = await api.gql<{ submit: Result }>(
      SUBMIT,
      {
        input: {
          clientSubmissionId: `surveyjs-${++ids}`,
          instrumentKey: key,
          version,
          campaignKey: FRONT_END_CAMPAIGN,
          status,
          ...contextOf(key),
          answers,
        },
      },
      collector,
    );
    expect(reply.errors).toBeUndefined();
    return reply.data!.submit;
  };
  const submitAnonymously = async (key: string, answers: unknown): Promise<Result> => {
    const [token] = await issueTokens(api, key, 1);
    const reply = await api.gql<{ submitAnonymous: Result }>(
      SUBMIT_ANONYMOUS,
      { input: anonymousInput(token, answers) },
      null,
    );
    expect(reply.errors).toBeUndefined();
    return reply.data!.submitAnonymous;
  };
  const validate = async (key: string, answers: unknown, status = 'COMPLETE') => {
    const reply = await api.gql<{ validateAnswers: Result['errors'] }>(
      VALIDATE,
      { key, version: form(key).version, answers, status },
      collector,
    );
    return reply.data!.validateAnswers!;
  };

  beforeAll(async () => {
    api = await createTestApp({ DEMO_DATA: 'false' });
    collector = await seedFrontEndCampaign(api);
    forms = new Map((await publishedForms(api, collector)).map((found) => [found.key, found]));
  });
  afterAll(() => api.close());

  it('serves a form for every built-in instrument, in French, clearing hidden answers', () => {
    expect([...forms.keys()].sort()).toEqual(BUILTIN);
    for (const found of forms.values()) {
      expect(found.surveyJs).toMatchObject({ locale: 'fr', clearInvisibleValues: 'onHidden' });
    }
  });

  it('serves a form in another language where the texts have it, else in French', async () => {
    const reply = await api.gql<{
      instrument: { latest: { surveyJs: { locale: string; title: string } } };
    }>(
      '{ instrument(key: "microobs-mediators") { latest { surveyJs(locale: "br") } } }',
      {},
      collector,
    );
    expect(reply.data?.instrument.latest.surveyJs).toMatchObject({
      locale: 'fr',
      title: form('microobs-mediators').surveyJs.title,
    });
  });

  it.each(BUILTIN)('%s: survey.data of the completed form is accepted', async (key) => {
    const data = filled(key);
    expect(await validate(key, data)).toEqual([]);
    const result = form(key).anonymous
      ? await submitAnonymously(key, data)
      : await submit(key, data);
    expect(result).toMatchObject({ __typename: 'SubmissionAccepted' });
  });

  it.each(BUILTIN.filter((key) => key !== 'techess-pic-test'))(
    '%s: survey.data of a draft saved mid-way is accepted',
    async (key) => {
      const data = filled(key, 4);
      expect(await validate(key, data, 'DRAFT')).toEqual([]);
      expect(await submit(key, data, 'DRAFT')).toMatchObject({
        __typename: 'SubmissionAccepted',
        submission: { status: 'DRAFT' },
      });
    },
  );

  it('stores the day-2 grid in the answer shape: groups nested, quasi-identifiers coarsened', async () => {
    const result = await submit('techess-observation-day2', filled('techess-observation-day2'));
    const answers = result.submission!.answers as {
      context: { placeAndDate: { date: string } };
      beneficiaries: { needs: Record<string, unknown> }[];
    };
    expect(answers.context.placeAndDate.date).toBe('2024-03');
    expect(Object.keys(answers.beneficiaries[0])).toContain('needs');
  });

  it('names the SurveyJS question of each problem, inside dynamic panels too', async () => {
    const data = filled('techess-observation-day2');
    delete data.date;
    const beneficiaries = data.beneficiaries as Record<string, unknown>[];
    beneficiaries[0] = { ...beneficiaries[0], ageBand: 'ninety' };
    const errors = await validate('techess-observation-day2', data);
    expect(errors.map((error) => [error.path, error.code, error.question])).toEqual([
      ['beneficiaries[0].needs.ageBand', 'UNKNOWN_OPTION', 'beneficiaries[0].ageBand'],
      ['context.placeAndDate.date', 'REQUIRED', 'date'],
    ]);
  });

  it.each(['abc', '99999'])(
    'validateAnswers refuses the postcode %j exactly as submit does',
    async (postcode) => {
      const data = { ...filled('microobs-mediators'), postcode };
      const dryRun = await validate('microobs-mediators', data);
      const submitted = await submit('microobs-mediators', data);
      expect(dryRun).toEqual([
        expect.objectContaining({ path: 'postcode', code: 'INVALID_VALUE', question: 'postcode' }),
      ]);
      expect(submitted.errors).toEqual(dryRun);
    },
  );
});
