import { describeKind, personalDataIn } from './identifier-check';
import { REDACTION_KINDS } from './redaction-kind';

describe('personalDataIn', () => {
  it.each([
    ['0612345678', ['PHONE']],
    ['06-12-34-56-78', ['PHONE']],
    ['185057800608491', ['NIR']],
    ['jean.martin', ['NAME']],
    ['fatima', ['NAME']],
    ['dupont-2024', ['NAME']],
    ['suivi-marie-dupont', ['NAME']],
    ['AB-123-CD', ['PLATE']],
  ])('finds personal data in the code %p', (value, kinds) => {
    expect(personalDataIn(value, 'code')).toEqual(kinds);
  });

  it.each([
    'M01',
    'P-07',
    'med_12',
    'techess-2023',
    'microobs-q1',
    'campagne-rennes-2024',
    'bench-techess',
    'day2',
    'seminar',
    'aide-a-domicile',
    'insertion',
    'tablet-7/2023-05-17/obs-3',
    'mediator-1',
  ])('finds nothing in the code %p', (value) => {
    expect(personalDataIn(value, 'code')).toEqual([]);
  });

  it.each([
    ['Tablette de Fatima', ['NAME']],
    ['Contact : jean.martin@example.org', ['EMAIL']],
    ['Référente : Mme Dupont, 06 12 34 56 78', ['NAME', 'PHONE']],
  ])('finds personal data in the label %p', (value, kinds) => {
    expect(personalDataIn(value, 'label').sort()).toEqual(kinds.sort());
  });

  it.each([
    'field app, Nantes team',
    'TechESS 2023 – Rennes',
    'Observation des binômes, jour 2',
    'Centre social Jacques Prévert',
    'Observatoire breton de la médiation numérique',
  ])('finds nothing in the label %p', (value) => {
    expect(personalDataIn(value, 'label')).toEqual([]);
  });

  it('describes every kind in words', () => {
    for (const kind of REDACTION_KINDS) expect(describeKind(kind)).toMatch(/^an? |^a /);
  });
});
