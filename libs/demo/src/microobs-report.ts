/**
 * The MicroOBS report (Hub Conumm, Pays de la Loire, questionnaires of 7 Dec 2020 – 18 Jan 2021)
 * as answers to `microobs-mediators@1.0.0`: 95 deterministic responses, 64 COMPLETE and 31 DRAFT,
 * whose COMPLETE answers reproduce every figure of the report exactly (see seed
 * `002_9bc22b4cee01d59a.txt` and `/work/shared/DESIGN.md`).
 *
 * `MICROOBS_REPORT` holds the report's figures; where the report only gives a proportion
 * ("+ de 70 %", "2/3") the count chosen here is written next to it. `MICROOBS_FIXTURE_CHOICES`
 * holds the distributions the report does not give at all (age bands, seniority, contract,
 * départements, the remaining diplomas): they are choices of this fixture, made to fit the
 * report's wording, not data.
 *
 * How the answers are built (no randomness, so every run gives the same 95 responses):
 * - four "anchor" respondents reproduce the profiles of the report's attributed quotes
 *   (gender, age band, status, time on mediation, seniority, département);
 * - every other dimension value comes from a pool holding exactly the wanted counts, dealt to
 *   the remaining respondents in a different stride order per dimension, so that the marginals
 *   are exact and the combinations are mixed;
 * - a respondent under 26 never gets more than 2 years of seniority (swapped with an older
 *   respondent, which keeps the marginals);
 * - `mediationTrainingName` is answered exactly when `mediationTraining` is true, and
 *   `otherMissions` only when `mediationTime` is not full-time (both are `visibleIf` fields);
 * - qualities are windows over a permutation of the respondents, with adaptability covering
 *   everyone who did not tick listening, so that every respondent ticks at least one quality.
 *   `pedagogy` and `curiosity` are never ticked: the report's table has only six rows;
 * - drafts answer a few fields (gender, age band, sometimes the time on mediation, the postcode
 *   or the employer type) and never enough to be COMPLETE.
 */

export const MICROOBS_REPORT = {
  responses: 95,
  complete: 64,
  partial: 31,
  mediationTime: { 'full-time': 25, 'part-time': 24, occasional: 15 },
  /** 42 + 15 = 57: the 7 other complete responses leave the (optional) posture unanswered. */
  posture: { animator: 42, expert: 15 },
  /** Respondents ticking each quality (several per respondent). */
  qualities: {
    listening: 55,
    adaptability: 48,
    empathy: 43,
    patience: 42,
    'free-software': 18,
    rigour: 15,
  },
  /** 49 respondents; the other 15 use other options (see MICROOBS_FIXTURE_CHOICES). */
  diploma: { 'cap-bep': 2, bac: 16, licence: 15, master: 16 },
  /** "seulement 6 répondants ont suivi une formation en informatique". */
  computingTraining: { true: 6 },
  /** "12 répondants affirment avoir réalisé une formation en lien avec la médiation numérique". */
  mediationTraining: { true: 12 },
  /** "+ de 70% travaillent au sein d'une équipe": chosen 46 of 64 (71.9 %). */
  teamWork: { true: 46 },
  /** "2/3 des médiateurs sont des hommes": chosen 43 men (67.2 %), 19 women, 1 other, 1 undisclosed. */
  gender: { male: 43, female: 19, other: 1, undisclosed: 1 },
} as const;

/** Distributions of the 64 complete responses that the report does not give: choices. */
export const MICROOBS_FIXTURE_CHOICES = {
  postureUnanswered: 7,
  /** The 15 complete responses outside the report's four diploma rows. */
  diplomaOther: { none: 1, 'bac-plus-2': 10, doctorate: 1, other: 3 },
  /** "principalement âgés entre 36 et 55 ans": 42 of 64 (65.6 %). */
  ageBand: { 'under-26': 2, 'age-26-35': 10, 'age-36-45': 22, 'age-46-55': 20, 'over-55': 10 },
  /** "en poste depuis plus de 5 ans": 36 of 64 (56.3 %). */
  seniority: { 'under-1-year': 5, 'years-1-2': 9, 'years-3-5': 14, 'over-5-years': 36 },
  /** "une grande partie … en contrat de travail CDI": 38 of 64 (59.4 %); no civic service. */
  contract: {
    cdi: 38,
    'civil-servant': 10,
    cdd: 7,
    'subsidised-contract': 4,
    independent: 3,
    other: 2,
  },
  /** Workplace département (first two digits of the postcode): Pays de la Loire, then the Nord,
   * Seine-Saint-Denis and Ille-et-Vilaine that the report mentions. */
  departement: { '44': 22, '49': 12, '72': 9, '85': 9, '53': 6, '59': 2, '93': 2, '35': 2 },
} as const;

export type MicroobsResponseStatus = 'COMPLETE' | 'DRAFT';

export interface MicroobsResponse {
  status: MicroobsResponseStatus;
  answers: Record<string, unknown>;
}

const COMPLETE_COUNT = MICROOBS_REPORT.complete;

/** Real postcodes per département (main towns), dealt in turn within each département. */
const POSTCODES: Readonly<Record<string, readonly string[]>> = {
  '44': ['44000', '44300', '44600', '44400', '44800', '44110', '44500', '44230', '44150'],
  '49': ['49000', '49100', '49300', '49400', '49500', '49120'],
  '53': ['53000', '53100', '53200'],
  '72': ['72000', '72100', '72200', '72300', '72400'],
  '85': ['85000', '85100', '85200', '85300', '85500'],
  '59': ['59000', '59100'],
  '93': ['93200', '93100'],
  '35': ['35000', '35200'],
};

/** Training names the report quotes (licence USETIC, DU, AFPA, CNFPT, UNIJ, PiNG). */
const TRAINING_NAMES = [
  'Licence professionnelle USETIC (Rennes 2)',
  'DU Médiation Multimédias et Monitorat d’Internet',
  'Formation AFPA Conseiller et Assistant en Technologies de l’Information et de la Communication',
  'Formation courte CNFPT',
  'Formation UNIJ',
  'Formation PiNG',
] as const;

/** Other missions the report lists for part-time and occasional mediators. */
const OTHER_MISSIONS = [
  'Formation professionnelle',
  'Prévention de la perte d’autonomie',
  'Accompagnement social des gens du voyage',
  'Agent de développement',
  'Programmation artistique',
  'Gestion d’une ludothèque',
  'Animation de l’espace jeunes',
  'Activités physiques adaptées aux seniors',
  'Animation de la vie locale',
  'Référent informatique de l’équipe',
  'Animation de réseau et coordination de projets',
  'Veille et préparation d’ateliers',
] as const;

const QUALITY_ORDER = [
  'listening',
  'adaptability',
  'empathy',
  'patience',
  'free-software',
  'rigour',
] as const;

/** The dealt dimensions; booleans are pooled as 'true' / 'false', an unanswered posture as ''. */
type Dimension =
  | 'gender'
  | 'ageBand'
  | 'departement'
  | 'employerType'
  | 'contract'
  | 'seniority'
  | 'diploma'
  | 'computingTraining'
  | 'mediationTraining'
  | 'mediationTime'
  | 'teamWork'
  | 'posture';

type Profile = Record<Dimension, string>;

interface Anchor {
  values: Partial<Profile>;
  postcode: string;
}

/**
 * The profiles of the report's attributed quotes: (Homme, 46 à 55 ans, entrepreneur,
 * occasionnellement, plus de 5 ans, 59), (Femme, 36-45 ans, entrepreneur, occasionnellement,
 * plus de 5 ans, 44), (Homme, 46-55 ans, temps plein, CDI, association, 1 à 2 ans, Nantes),
 * (Homme, 26-35 ans, temps plein, association, depuis 3 ans).
 */
const ANCHORS: readonly Anchor[] = [
  {
    values: {
      gender: 'male',
      ageBand: 'age-46-55',
      departement: '59',
      employerType: 'self-employed',
      contract: 'independent',
      seniority: 'over-5-years',
      mediationTime: 'occasional',
    },
    postcode: '59000',
  },
  {
    values: {
      gender: 'female',
      ageBand: 'age-36-45',
      departement: '44',
      employerType: 'self-employed',
      contract: 'independent',
      seniority: 'over-5-years',
      mediationTime: 'occasional',
    },
    postcode: '44400',
  },
  {
    values: {
      gender: 'male',
      ageBand: 'age-46-55',
      departement: '44',
      employerType: 'association',
      contract: 'cdi',
      seniority: 'years-1-2',
      mediationTime: 'full-time',
    },
    postcode: '44000',
  },
  {
    values: {
      gender: 'male',
      ageBand: 'age-26-35',
      departement: '49',
      employerType: 'association',
      contract: 'cdi',
      seniority: 'years-3-5',
      mediationTime: 'full-time',
    },
    postcode: '49100',
  },
];

type Counts = Readonly<Record<string, number>>;

function expand(counts: Counts): string[] {
  return Object.entries(counts).flatMap(([value, count]) =>
    Array.from({ length: count }, () => value),
  );
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function booleanCounts(trueCount: number): Counts {
  return { true: trueCount, false: COMPLETE_COUNT - trueCount };
}

/**
 * Deals the pool `counts` to the 64 respondents: anchors take their own value out of the pool,
 * the others get the rest in stride order (a permutation, since the stride is coprime with the
 * number of respondents dealt to).
 */
function deal(
  profiles: Partial<Profile>[],
  dimension: Dimension,
  counts: Counts,
  stride: number,
  offset: number,
): void {
  const pool = expand(counts);
  ANCHORS.forEach((anchor, index) => {
    const wanted = anchor.values[dimension];
    if (wanted === undefined) return;
    const at = pool.indexOf(wanted);
    if (at < 0) throw new Error(`microobs fixture: no ${dimension} "${wanted}" left for anchors`);
    pool.splice(at, 1);
    profiles[index][dimension] = wanted;
  });
  const free = profiles
    .map((profile, index) => (profile[dimension] === undefined ? index : -1))
    .filter((index) => index >= 0);
  if (free.length !== pool.length) {
    throw new Error(`microobs fixture: ${pool.length} ${dimension} values for ${free.length}`);
  }
  if (gcd(stride, free.length) !== 1) {
    throw new Error(`microobs fixture: stride ${stride} is not coprime with ${free.length}`);
  }
  free.forEach((respondent, rank) => {
    profiles[respondent][dimension] = pool[(stride * rank + offset) % pool.length];
  });
}

/** Employer type follows the contract (no pool: the report gives no figures). */
function employerTypeFor(contract: string, index: number): string {
  if (contract === 'independent') return 'self-employed';
  if (contract === 'civil-servant')
    return index % 3 === 0 ? 'public-institution' : 'local-authority';
  const employers = ['association', 'local-authority', 'association', 'company', 'other'];
  return employers[index % employers.length];
}

const YOUNG_SENIORITY = new Set(['under-1-year', 'years-1-2']);

/** A respondent under 26 cannot have mediated for 3 years or more: swap with an older one. */
function fixYoungSeniority(profiles: Profile[]): void {
  profiles.forEach((profile) => {
    if (profile.ageBand !== 'under-26' || YOUNG_SENIORITY.has(profile.seniority)) return;
    const other = profiles.find(
      (candidate, index) =>
        index >= ANCHORS.length &&
        candidate.ageBand !== 'under-26' &&
        YOUNG_SENIORITY.has(candidate.seniority),
    );
    if (other === undefined) throw new Error('microobs fixture: no seniority to swap');
    [profile.seniority, other.seniority] = [other.seniority, profile.seniority];
  });
}

function inWindow(position: number, start: number, count: number): boolean {
  return (position - start + COMPLETE_COUNT) % COMPLETE_COUNT < count;
}

/** The qualities ticked by respondent `index`, in option order. */
function qualitiesFor(index: number): string[] {
  const q = MICROOBS_REPORT.qualities;
  // Three permutations of the respondents (odd multipliers are coprime with 64).
  const a = (41 * index + 3) % COMPLETE_COUNT;
  const b = (23 * index + 9) % COMPLETE_COUNT;
  const c = (13 * index + 30) % COMPLETE_COUNT;
  // listening misses a = 55..63, which adaptability (39..63, 0..22) covers.
  const ticked: Record<(typeof QUALITY_ORDER)[number], boolean> = {
    listening: inWindow(a, 0, q.listening),
    adaptability: inWindow(a, 39, q.adaptability),
    empathy: inWindow(b, 10, q.empathy),
    patience: inWindow(b, 50, q.patience),
    'free-software': inWindow(c, 0, q['free-software']),
    rigour: inWindow(c, 25, q.rigour),
  };
  return QUALITY_ORDER.filter((quality) => ticked[quality]);
}

function completeProfiles(): Profile[] {
  const partial: Partial<Profile>[] = Array.from({ length: COMPLETE_COUNT }, () => ({}));
  const c = MICROOBS_FIXTURE_CHOICES;
  const r = MICROOBS_REPORT;
  // Strides coprime with both 60 (dealt after the 4 anchors) and 64.
  deal(partial, 'gender', r.gender, 7, 0);
  deal(partial, 'ageBand', c.ageBand, 11, 5);
  deal(partial, 'departement', c.departement, 13, 2);
  deal(partial, 'contract', c.contract, 17, 9);
  deal(partial, 'seniority', c.seniority, 19, 4);
  deal(partial, 'diploma', { ...r.diploma, ...c.diplomaOther }, 23, 7);
  deal(partial, 'computingTraining', booleanCounts(r.computingTraining.true), 29, 3);
  deal(partial, 'mediationTraining', booleanCounts(r.mediationTraining.true), 31, 11);
  deal(partial, 'mediationTime', r.mediationTime, 37, 1);
  deal(partial, 'teamWork', booleanCounts(r.teamWork.true), 41, 6);
  deal(partial, 'posture', { ...r.posture, '': c.postureUnanswered }, 43, 8);
  const profiles = partial.map((profile, index): Profile => {
    const {
      gender,
      ageBand,
      departement,
      contract,
      seniority,
      diploma,
      computingTraining,
      mediationTraining,
      mediationTime,
      teamWork,
      posture,
    } = profile;
    if (
      gender === undefined ||
      ageBand === undefined ||
      departement === undefined ||
      contract === undefined ||
      seniority === undefined ||
      diploma === undefined ||
      computingTraining === undefined ||
      mediationTraining === undefined ||
      mediationTime === undefined ||
      teamWork === undefined ||
      posture === undefined
    ) {
      throw new Error(`microobs fixture: respondent ${index} is missing a dimension`);
    }
    return {
      gender,
      ageBand,
      departement,
      employerType: ANCHORS[index]?.values.employerType ?? employerTypeFor(contract, index),
      contract,
      seniority,
      diploma,
      computingTraining,
      mediationTraining,
      mediationTime,
      teamWork,
      posture,
    };
  });
  fixYoungSeniority(profiles);
  return profiles;
}

function completeAnswers(): Record<string, unknown>[] {
  const perDepartement = new Map<string, number>();
  let trained = 0;
  let notFullTime = 0;
  return completeProfiles().map((profile, index) => {
    let postcode = ANCHORS[index]?.postcode;
    if (postcode === undefined) {
      const codes = POSTCODES[profile.departement];
      const seen = perDepartement.get(profile.departement) ?? 0;
      perDepartement.set(profile.departement, seen + 1);
      postcode = codes[seen % codes.length];
    }
    const answers: Record<string, unknown> = {
      gender: profile.gender,
      ageBand: profile.ageBand,
      postcode,
      employerType: profile.employerType,
      contract: profile.contract,
      seniority: profile.seniority,
      diploma: profile.diploma,
      computingTraining: profile.computingTraining === 'true',
      mediationTraining: profile.mediationTraining === 'true',
    };
    if (profile.mediationTraining === 'true') {
      answers.mediationTrainingName = TRAINING_NAMES[trained++ % TRAINING_NAMES.length];
    }
    answers.mediationTime = profile.mediationTime;
    if (profile.mediationTime !== 'full-time') {
      // Three in four of them describe their other missions (the field is optional).
      const rank = notFullTime++;
      if (rank % 4 !== 3) answers.otherMissions = OTHER_MISSIONS[rank % OTHER_MISSIONS.length];
    }
    answers.teamWork = profile.teamWork === 'true';
    if (profile.posture !== '') answers.posture = profile.posture;
    answers.qualities = qualitiesFor(index);
    return answers;
  });
}

const DRAFT_GENDERS = ['male', 'female', 'male', 'male', 'female', 'undisclosed'] as const;
const DRAFT_AGE_BANDS = [
  'age-36-45',
  'age-46-55',
  'age-26-35',
  'age-36-45',
  'over-55',
  'age-46-55',
  'under-26',
] as const;
const DRAFT_TIMES = ['part-time', 'full-time', 'occasional'] as const;
const DRAFT_POSTCODES = ['44000', '49000', '85000', '72000', '53000', '44600'] as const;
const DRAFT_EMPLOYERS = ['association', 'local-authority'] as const;

/** A partial response: a few of the first questions, never all the required ones. */
function draftAnswers(index: number): Record<string, unknown> {
  const answers: Record<string, unknown> = {
    gender: DRAFT_GENDERS[index % DRAFT_GENDERS.length],
    ageBand: DRAFT_AGE_BANDS[index % DRAFT_AGE_BANDS.length],
  };
  if (index % 3 === 1) answers.postcode = DRAFT_POSTCODES[index % DRAFT_POSTCODES.length];
  if (index % 5 === 0) answers.employerType = DRAFT_EMPLOYERS[index % DRAFT_EMPLOYERS.length];
  if (index % 2 === 0) answers.mediationTime = DRAFT_TIMES[(index / 2) % DRAFT_TIMES.length];
  return answers;
}

/**
 * The 95 responses in collection order: every third one (positions 2, 5, …, 92) is one of the
 * 31 drafts, the 64 others are complete. A fresh copy on every call.
 */
export function microobsReportResponses(): MicroobsResponse[] {
  const complete = completeAnswers();
  const responses: MicroobsResponse[] = [];
  let nextComplete = 0;
  let nextDraft = 0;
  for (let position = 0; position < MICROOBS_REPORT.responses; position++) {
    if (position % 3 === 2 && nextDraft < MICROOBS_REPORT.partial) {
      responses.push({ status: 'DRAFT', answers: draftAnswers(nextDraft++) });
    } else {
      responses.push({ status: 'COMPLETE', answers: complete[nextComplete++] });
    }
  }
  if (nextComplete !== COMPLETE_COUNT || nextDraft !== MICROOBS_REPORT.partial) {
    throw new Error('microobs fixture: wrong split of complete and draft responses');
  }
  return responses;
}
