import { medicalTerms } from '../../../vocabulary/medical-terms';
import { defaultFormattingRules } from '../../formatting/rules/default-rules';
import { cardinalWords, decimalWords, ordinalWords, pairedWords, yearWords } from './verbalize';

// The language model's own training text (issue 7): dictation in spoken form — what physicians say,
// spoken punctuation and commands included — generated from templates with a seeded random source,
// so every build makes the same text. Slots are filled from the medical term lists and from
// realistic ranges of vitals, doses and lab values.

export type Random = () => number;

/** Mulberry32: small, fast, reproducible. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const maybe = (r: Random, p: number, s: string) => (r() < p ? s : '');
const join = (...parts: string[]) => parts.filter(Boolean).join(' ');

/** How a number is said: paired ("one thirty") for vitals and labs, otherwise either way. */
function num(r: Random, n: number, style: 'paired' | 'any' = 'any'): string {
  if (n >= 100 && n < 1000 && (style === 'paired' || r() < 0.4)) return pairedWords(n);
  return cardinalWords(n);
}
function dec(r: Random, lo: number, hi: number, places = 1): string {
  const v = lo + r() * (hi - lo);
  const text = v.toFixed(places).replace(/\.0+$/, '');
  return decimalWords(text, r() < 0.7 ? 'paired' : 'cardinal');
}

const SEX = ['male', 'female', 'man', 'woman', 'gentleman', 'lady', 'patient'];
const PRONOUN = ['he', 'she', 'the patient'];

const CONDITIONS = [
  'hypertension',
  'hyperlipidemia',
  'type two diabetes',
  'type one diabetes',
  'diabetes mellitus',
  'coronary artery disease',
  'congestive heart failure',
  'heart failure with reduced ejection fraction',
  'atrial fibrillation',
  'chronic kidney disease',
  'end stage renal disease',
  'asthma',
  'chronic obstructive pulmonary disease',
  'c o p d',
  'obstructive sleep apnea',
  'hypothyroidism',
  'osteoarthritis',
  'rheumatoid arthritis',
  'gastroesophageal reflux disease',
  'depression',
  'anxiety',
  'dementia',
  'prior stroke',
  'peripheral vascular disease',
  'deep vein thrombosis',
  'pulmonary embolism',
  'cirrhosis',
  'anemia',
  'obesity',
  'benign prostatic hyperplasia',
  'migraine headaches',
  'seizure disorder',
  'breast cancer',
  'prostate cancer',
  'colon cancer',
  'lung cancer',
  'lymphoma',
  'hepatitis c',
  'h i v',
  'osteoporosis',
  'gout',
  'bipolar disorder',
  'schizophrenia',
  'alcohol use disorder',
  'tobacco use',
  'peripheral neuropathy',
  'diverticulosis',
  'cholelithiasis',
  'nephrolithiasis',
  'aortic stenosis',
  'mitral regurgitation',
  'sick sinus syndrome',
];
const SYMPTOMS = [
  'chest pain',
  'shortness of breath',
  'dyspnea on exertion',
  'orthopnea',
  'palpitations',
  'syncope',
  'dizziness',
  'lightheadedness',
  'headache',
  'fever',
  'chills',
  'night sweats',
  'weight loss',
  'fatigue',
  'cough',
  'productive cough',
  'hemoptysis',
  'wheezing',
  'nausea',
  'vomiting',
  'diarrhea',
  'constipation',
  'abdominal pain',
  'melena',
  'hematochezia',
  'hematemesis',
  'dysuria',
  'hematuria',
  'urinary frequency',
  'back pain',
  'joint pain',
  'leg swelling',
  'lower extremity edema',
  'rash',
  'numbness',
  'tingling',
  'weakness',
  'confusion',
  'blurred vision',
  'sore throat',
  'dysphagia',
  'heartburn',
  'claudication',
  'insomnia',
  'anxiety',
  'depressed mood',
  'suicidal ideation',
];
const EXAM: Record<string, string[]> = {
  general: [
    'alert and oriented times three',
    'in no acute distress',
    'well appearing',
    'ill appearing',
    'pleasant and cooperative',
    'afebrile',
  ],
  heent: [
    'normocephalic and atraumatic',
    'pupils equal round and reactive to light',
    'moist mucous membranes',
    'oropharynx clear',
    'tympanic membranes clear bilaterally',
    'sclerae anicteric',
  ],
  neck: [
    'supple',
    'no lymphadenopathy',
    'no jugular venous distention',
    'no thyromegaly',
    'no carotid bruits',
  ],
  heart: [
    'regular rate and rhythm',
    'no murmurs rubs or gallops',
    'irregularly irregular rhythm',
    'tachycardic',
    'bradycardic',
    'normal s one and s two',
  ],
  lungs: [
    'clear to auscultation bilaterally',
    'diminished breath sounds at the bases',
    'scattered wheezes',
    'bibasilar crackles',
    'rhonchi in the right lower lobe',
    'no rales',
  ],
  abdomen: [
    'soft',
    'nontender',
    'nondistended',
    'normal bowel sounds',
    'tender in the right lower quadrant',
    'no rebound or guarding',
    'no hepatosplenomegaly',
    'positive murphy sign',
  ],
  extremities: [
    'no edema',
    'trace edema',
    'pitting edema to the knees',
    'no clubbing or cyanosis',
    'pulses intact',
    'warm and well perfused',
  ],
  skin: [
    'warm and dry',
    'no rash',
    'intact',
    'erythema over the left lower leg',
    'no ecchymosis',
    'no jaundice',
  ],
  neurologic: [
    'cranial nerves two through twelve intact',
    'cranial nerves intact',
    'no focal deficits',
    'sensation intact to light touch',
    'gait normal',
    'speech fluent',
    'alert and oriented',
  ],
  psychiatric: ['normal mood and affect', 'euthymic', 'linear thought process', 'good insight and judgment'],
};
const ROUTES = [
  'p o',
  'by mouth',
  'i v',
  'intravenously',
  'subcutaneously',
  'i m',
  'inhaled',
  'topically',
  'sublingual',
];
const FREQS = [
  'daily',
  'once daily',
  'twice daily',
  'three times daily',
  'four times daily',
  'b i d',
  't i d',
  'q i d',
  'at bedtime',
  'q h s',
  'every morning',
  'every evening',
  'every four hours as needed',
  'every six hours',
  'every eight hours',
  'every twelve hours',
  'as needed',
  'p r n',
  'weekly',
  'every other day',
  'with meals',
  'every six hours as needed for pain',
  'as needed for nausea',
  'every four to six hours as needed',
];
const DOSES: [number[], string][] = [
  [
    [
      1, 2, 2.5, 5, 6.25, 10, 12.5, 20, 25, 40, 50, 75, 80, 100, 125, 150, 200, 250, 300, 325, 400, 500, 600,
      625, 750, 800, 850, 875, 1000, 1200, 1500, 2000,
    ],
    'milligrams',
  ],
  [[25, 50, 75, 88, 100, 112, 125, 137, 150, 175, 200], 'micrograms'],
  [[0.5, 1, 1.5, 2, 3.375, 4.5], 'grams'],
  [[2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 24, 28, 30, 35, 40, 50, 60], 'units'],
  [[10, 20, 40], 'milliequivalents'],
  [[0.25, 0.5, 0.125, 0.1, 0.2], 'milligrams'],
  [[5, 10, 15, 20, 30], 'milliliters'],
];
const VERBS = [
  'continue',
  'start',
  'increase',
  'decrease',
  'resume',
  'hold',
  'discontinue',
  'restart',
  'stop',
  'give',
  'begin',
];
const LABS: [string, () => [number, number, number]][] = [
  ['sodium', () => [128, 146, 0]],
  ['potassium', () => [3, 5.8, 1]],
  ['chloride', () => [94, 110, 0]],
  ['bicarbonate', () => [16, 30, 0]],
  ['bun', () => [6, 60, 0]],
  ['b u n', () => [6, 60, 0]],
  ['creatinine', () => [0.5, 4, 1]],
  ['glucose', () => [60, 400, 0]],
  ['calcium', () => [7.8, 10.8, 1]],
  ['magnesium', () => [1.4, 2.6, 1]],
  ['phosphorus', () => [2, 5.5, 1]],
  ['white blood cell count', () => [3, 22, 1]],
  ['white count', () => [3, 22, 1]],
  ['hemoglobin', () => [6.5, 16.5, 1]],
  ['hematocrit', () => [20, 48, 1]],
  ['platelets', () => [40, 450, 0]],
  ['platelet count', () => [40, 450, 0]],
  ['i n r', () => [0.9, 4.5, 1]],
  ['troponin', () => [0.01, 0.5, 2]],
  ['lactate', () => [0.8, 6, 1]],
  ['albumin', () => [2, 4.8, 1]],
  ['total bilirubin', () => [0.3, 6, 1]],
  ['lipase', () => [20, 900, 0]],
  ['hemoglobin a one c', () => [5, 12, 1]],
  ['t s h', () => [0.1, 9, 1]],
  ['b n p', () => [20, 3000, 0]],
  ['procalcitonin', () => [0.05, 4, 2]],
  ['ferritin', () => [10, 900, 0]],
  ['a l t', () => [10, 300, 0]],
  ['a s t', () => [10, 300, 0]],
  ['alkaline phosphatase', () => [40, 400, 0]],
];
const IMAGING = [
  'chest x ray',
  'c t of the head',
  'c t of the chest',
  'c t of the abdomen and pelvis',
  'c t angiogram of the chest',
  'm r i of the brain',
  'm r i of the lumbar spine',
  'm r i of the cervical spine',
  'ultrasound of the right upper quadrant',
  'renal ultrasound',
  'echocardiogram',
  'transthoracic echocardiogram',
  'e k g',
  'x ray of the left knee',
  'x ray of the right ankle',
  'venous doppler of the left lower extremity',
  'mammogram',
  'c t of the head without contrast',
];
const IMAGING_FINDINGS = [
  'no acute intracranial abnormality',
  'no acute cardiopulmonary process',
  'a right lower lobe infiltrate',
  'small bilateral pleural effusions',
  'mild cardiomegaly',
  'a small pneumothorax',
  'no evidence of pulmonary embolism',
  'gallstones without evidence of cholecystitis',
  'mild hydronephrosis',
  'a simple renal cyst',
  'diffuse fatty infiltration of the liver',
  'degenerative changes',
  'a nondisplaced fracture',
  'no fracture or dislocation',
  'moderate degenerative disc disease',
  'a disc protrusion with mild canal stenosis',
  'an ejection fraction of fifty five percent',
  'normal left ventricular function',
  'mild mitral regurgitation',
  'moderate aortic stenosis',
  'a small pericardial effusion',
  'no deep venous thrombosis',
  'normal sinus rhythm',
  'sinus tachycardia',
  'normal sinus rhythm at a rate of seventy',
  'sinus bradycardia at a rate of fifty two',
  'atrial fibrillation with rapid ventricular response',
  'left bundle branch block',
  'no acute s t changes',
  's t elevation in the inferior leads',
  'a spiculated nodule in the right upper lobe',
  'diverticulosis without diverticulitis',
  'appendicitis',
  'free fluid in the pelvis',
  'a four millimeter nonobstructing stone',
];
const SPECIALTIES = [
  'cardiology',
  'nephrology',
  'pulmonology',
  'gastroenterology',
  'neurology',
  'oncology',
  'orthopedics',
  'endocrinology',
  'urology',
  'infectious disease',
  'physical therapy',
  'primary care',
  'general surgery',
  'psychiatry',
  'dermatology',
  'rheumatology',
];
// The month names the formatter reads as dates, so the model predicts exactly those.
const MONTHS = defaultFormattingRules.months;
const UNITS_TIME = ['days', 'weeks', 'months', 'years', 'hours'];

function age(r: Random) {
  return cardinalWords(int(r, 18, 97));
}
function date(r: Random) {
  const day = int(r, 1, 28);
  const d = r() < 0.75 ? ordinalWords(day) : cardinalWords(day);
  return join(pick(r, MONTHS), d, maybe(r, 0.6, yearWords(int(r, 1990, 2026))));
}
function time(r: Random) {
  const h = int(r, 1, 12);
  const m = pick(r, [0, 0, 5, 10, 15, 20, 30, 30, 40, 45, 50]);
  const mm = m === 0 ? '' : m < 10 ? `oh ${cardinalWords(m)}` : cardinalWords(m);
  return join(cardinalWords(h), mm, pick(r, ['a m', 'p m']));
}
function dose(r: Random) {
  const [values, unit] = pick(r, DOSES);
  const v = pick(r, values);
  return join(Number.isInteger(v) ? num(r, v) : decimalWords(String(v)), unit);
}
function list(r: Random, items: string[]) {
  if (items.length === 1) return items[0]!;
  const sep = r() < 0.8 ? ' comma ' : ' ';
  return `${items.slice(0, -1).join(sep)}${r() < 0.7 ? ' comma' : ''} ${pick(r, ['and', 'or'])} ${items.at(-1)}`;
}
function some<T>(r: Random, xs: readonly T[], lo: number, hi: number): T[] {
  const n = int(r, lo, hi);
  const out = new Set<T>();
  while (out.size < Math.min(n, xs.length)) out.add(pick(r, xs));
  return [...out];
}
const end = (r: Random) =>
  r() < 0.93 ? 'period' : pick(r, ['new paragraph', 'period new paragraph', 'period new line']);

function vitals(r: Random) {
  const parts = [
    join(
      pick(r, ['blood pressure', 'b p', 'pressure']),
      num(r, int(r, 88, 190), 'paired'),
      'over',
      num(r, int(r, 48, 110), 'paired'),
    ),
    join(pick(r, ['heart rate', 'pulse', 'heart rate of']), num(r, int(r, 42, 140), 'paired')),
    join(pick(r, ['respiratory rate', 'respirations', 'respiratory rate of']), cardinalWords(int(r, 10, 32))),
    join(pick(r, ['temperature', 'temp', 'temperature of']), dec(r, 96.5, 103.5)),
    join(
      pick(r, ['oxygen saturation', 'saturation', 'o two saturation', 'pulse ox']),
      cardinalWords(int(r, 84, 100)),
      'percent',
      pick(r, ['on room air', `on ${cardinalWords(int(r, 1, 6))} liters nasal cannula`, '', 'on room air']),
    ),
    join('weight', dec(r, 45, 140), pick(r, ['kilograms', 'pounds'])),
    join('height', cardinalWords(int(r, 150, 195)), 'centimeters'),
  ];
  const chosen = some(r, parts, 2, 6).filter(Boolean);
  return join(
    maybe(r, 0.4, `${pick(r, ['vital signs', 'vitals'])} colon`),
    chosen.join(r() < 0.7 ? ' comma ' : ' period '),
    end(r),
  );
}

function medication(r: Random, drugs: readonly string[], listItem: boolean) {
  const drug = pick(r, drugs);
  const core = join(drug, dose(r), maybe(r, 0.5, pick(r, ROUTES)), pick(r, FREQS));
  if (listItem) return join('next number', core, end(r));
  const t = int(r, 0, 7);
  if (t === 0) return join(pick(r, VERBS), core, end(r));
  if (t === 1)
    return join(
      pick(r, PRONOUN),
      pick(r, ['takes', 'is on', 'was started on', 'was given', 'is taking', 'received']),
      core,
      end(r),
    );
  if (t === 2) return join(pick(r, VERBS), 'the', drug, end(r));
  if (t === 3)
    return join(
      pick(r, ['increase', 'decrease', 'change']),
      'the',
      drug,
      'to',
      dose(r),
      pick(r, FREQS),
      end(r),
    );
  if (t === 4) return join(pick(r, VERBS), drug, 'to', dose(r), maybe(r, 0.5, pick(r, FREQS)), end(r));
  if (t === 5)
    return join(
      pick(r, ['she', 'he']),
      'was',
      pick(r, ['started on', 'given', 'switched to']),
      drug,
      dose(r),
      maybe(r, 0.5, pick(r, ROUTES)),
      end(r),
    );
  if (t === 6) return join('continue', drug, 'comma', pick(r, drugs), 'comma and', pick(r, drugs), end(r));
  if (r() < 0.25)
    return join(
      pick(r, ['start', 'continue']),
      core,
      pick(r, ['for', 'times']),
      cardinalWords(int(r, 3, 14)),
      'days',
      maybe(r, 0.5, 'comma then taper'),
      end(r),
    );
  if (r() < 0.2)
    return join(
      pick(r, ['she', 'he']),
      'takes',
      drug,
      dose(r),
      pick(r, FREQS),
      'with a goal',
      pick(r, [
        'i n r of two to three',
        'i n r of two point five to three point five',
        'blood pressure under one thirty over eighty',
        'heart rate under one hundred',
      ]),
      end(r),
    );
  return join(
    pick(r, ['allergic to', 'allergies colon', 'intolerant of']),
    drug,
    maybe(r, 0.5, pick(r, ['causes a rash', 'causes hives', 'causes nausea', 'causes swelling'])),
    end(r),
  );
}

function labs(r: Random) {
  const chosen = some(r, LABS, 1, 6).map(([name, range]) => {
    const [lo, hi, places] = range();
    const v = lo + r() * (hi - lo);
    const spoken = places ? dec(r, v, v, places) : num(r, Math.round(v), 'paired');
    return join(
      name,
      maybe(r, 0.15, pick(r, ['of', 'is', 'was'])),
      maybe(r, 0.08, pick(r, ['less than', 'greater than'])),
      spoken,
    );
  });
  return join(
    maybe(r, 0.4, `${pick(r, ['labs', 'laboratory data', 'laboratory studies'])} colon`),
    chosen.join(r() < 0.8 ? ' comma ' : ' period '),
    end(r),
  );
}

function history(r: Random, findings: readonly string[], drugs: readonly string[]) {
  const t = int(r, 0, 11);
  const p = pick(r, PRONOUN);
  if (t === 0)
    return join(
      maybe(r, 0.4, 'history of present illness colon'),
      pick(r, [
        'the patient is a',
        'this is a',
        'patient is a',
        `${pick(r, ['mister', 'missus', 'miss'])} ${pick(r, ['smith', 'jones', 'garcia', 'brown', 'lee', 'miller', 'davis', 'wilson'])} is a`,
      ]),
      age(r),
      pick(r, ['year old', 'year old']),
      pick(r, SEX),
      'with',
      maybe(r, 0.7, 'a history of'),
      list(r, some(r, CONDITIONS, 1, 3)),
      pick(r, [
        'who presents with',
        'presenting with',
        'who comes in with',
        'who reports',
        'here for evaluation of',
      ]),
      list(r, some(r, SYMPTOMS, 1, 2)),
      maybe(r, 0.6, join('for', cardinalWords(int(r, 1, 14)), pick(r, UNITS_TIME))),
      end(r),
    );
  if (t === 1)
    return join(
      p,
      pick(r, ['denies', 'reports', 'endorses', 'complains of', 'has had']),
      list(r, some(r, SYMPTOMS, 1, 4)),
      end(r),
    );
  if (r() < 0.3)
    return join(
      p,
      pick(r, [
        'reports feeling better',
        'feels much better',
        'reports feeling worse',
        'is doing well',
        'was seen in the clinic today',
      ]),
      maybe(
        r,
        0.5,
        join(
          'comma',
          pick(r, ['although', 'but', 'and']),
          pick(r, ['she', 'he']),
          pick(r, ['still has', 'continues to have', 'no longer has']),
          pick(r, ['a', 'some', 'a mild', 'an intermittent']),
          pick(r, SYMPTOMS),
        ),
      ),
      end(r),
    );
  if (t === 2)
    return join(
      pick(r, [
        'past medical history colon',
        'past medical history is significant for',
        'medical history colon',
      ]),
      list(r, some(r, CONDITIONS, 1, 4)),
      end(r),
    );
  if (t === 3)
    return join(
      p,
      'underwent',
      pick(r, ['a', 'an']),
      pick(r, medicalTerms.procedures),
      maybe(r, 0.6, join('on', date(r))),
      end(r),
    );
  if (t === 4)
    return join(
      pick(r, ['review of systems colon negative for', 'review of systems is negative for', 'negative for']),
      list(r, some(r, SYMPTOMS, 2, 5)),
      'period',
      maybe(
        r,
        0.4,
        join(
          pick(r, [
            'all other systems reviewed and negative',
            'all other systems are negative',
            'otherwise negative',
          ]),
          'period',
        ),
      ),
    );
  if (t === 5)
    return join(
      pick(r, ['social history colon', '']),
      p,
      pick(r, ['smokes', 'smoked', 'quit smoking', 'drinks alcohol', 'denies alcohol', 'denies drug use']),
      maybe(
        r,
        0.5,
        join(cardinalWords(int(r, 1, 3)), 'pack per day for', cardinalWords(int(r, 5, 50)), 'years'),
      ),
      maybe(r, 0.3, join('and quit in', yearWords(int(r, 1995, 2025)))),
      end(r),
    );
  if (t === 6)
    return join(
      pick(r, ['the', 'her', 'his']),
      pick(r, ['pain', 'discomfort', 'headache']),
      pick(r, ['is', 'was']),
      pick(r, [
        'sharp',
        'dull',
        'pressure like',
        'burning',
        'substernal',
        'nonradiating',
        'intermittent',
        'constant',
      ]),
      maybe(r, 0.6, join('and rated', cardinalWords(int(r, 1, 10)), 'out of ten')),
      end(r),
    );
  if (t === 7)
    return join(
      p,
      pick(r, [
        'was last seen on',
        'was admitted on',
        'was discharged on',
        'had surgery on',
        'was seen in the clinic on',
      ]),
      date(r),
      maybe(r, 0.3, join('at', time(r))),
      end(r),
    );
  if (t === 8)
    return join(
      pick(r, ['family history colon', 'family history is significant for']),
      pick(r, ['mother', 'father', 'brother', 'sister']),
      'with',
      pick(r, CONDITIONS),
      end(r),
    );
  if (t === 9)
    return join(
      pick(r, ['she', 'he']),
      pick(r, ['has a history of', 'was diagnosed with', 'is being treated for', 'has']),
      pick(r, findings),
      maybe(r, 0.5, join(cardinalWords(int(r, 1, 12)), pick(r, UNITS_TIME), 'ago')),
      end(r),
    );
  if (t === 10)
    return join(
      pick(r, ['she', 'he']),
      pick(r, ['was treated with', 'failed', 'tolerated', 'did not tolerate']),
      pick(r, drugs),
      maybe(r, 0.5, join('for', pick(r, findings))),
      end(r),
    );
  return join('chief complaint colon', list(r, some(r, SYMPTOMS, 1, 2)), end(r));
}

function exam(r: Random) {
  const systems = some(r, Object.keys(EXAM), 1, 4);
  const parts = systems.map((s) => join(s, 'colon', list(r, some(r, EXAM[s]!, 1, 3)), 'period'));
  return join(
    maybe(r, 0.3, pick(r, ['physical examination colon', 'physical exam colon', 'examination colon'])),
    parts.join(' '),
    maybe(
      r,
      0.2,
      join(
        'strength',
        cardinalWords(int(r, 3, 5)),
        'over five',
        pick(r, ['in all extremities', 'bilaterally']),
        'period',
      ),
    ),
    maybe(
      r,
      0.15,
      join(
        pick(r, ['reflexes', 'edema']),
        cardinalWords(int(r, 1, 3)),
        'plus',
        maybe(r, 0.5, 'bilaterally'),
        'period',
      ),
    ),
    maybe(
      r,
      0.15,
      join(
        'a',
        cardinalWords(int(r, 1, 4)),
        'over six systolic murmur',
        maybe(r, 0.5, 'at the right upper sternal border'),
        'period',
      ),
    ),
  );
}

function imaging(r: Random) {
  const t = int(r, 0, 3);
  if (t === 0)
    return join(
      pick(r, IMAGING),
      pick(r, ['shows', 'showed', 'demonstrates', 'reveals', 'was notable for']),
      pick(r, IMAGING_FINDINGS),
      end(r),
    );
  if (t === 1)
    return join(
      pick(r, ['impression colon', 'findings colon']),
      ...some(r, IMAGING_FINDINGS, 1, 3).map((f) => join('next number', f, 'period')),
    );
  if (t === 2)
    return join(
      'there is',
      pick(r, ['no', 'a', 'mild', 'moderate', 'severe']),
      pick(r, medicalTerms.findings),
      maybe(r, 0.5, join('in the', pick(r, ['right', 'left']), pick(r, medicalTerms.anatomy))),
      end(r),
    );
  return join(
    pick(r, ['a', 'an']),
    dec(r, 0.3, 9.5),
    pick(r, ['centimeter', 'millimeter']),
    pick(r, ['mass', 'nodule', 'lesion', 'cyst', 'polyp', 'stone']),
    'in the',
    pick(r, ['right', 'left']),
    pick(r, medicalTerms.anatomy),
    end(r),
  );
}

function plan(r: Random, findings: readonly string[], drugs: readonly string[]) {
  const t = int(r, 0, 7);
  if (t === 0)
    return join(
      pick(r, ['assessment and plan colon', 'assessment colon', 'impression colon', 'plan colon']),
      'next number',
      pick(r, [...CONDITIONS, ...findings]),
      'period',
      medication(r, drugs, false),
    );
  if (t === 1)
    return join(
      'next number',
      pick(r, [...CONDITIONS, ...findings]),
      maybe(
        r,
        0.4,
        join(
          'comma',
          pick(r, ['likely', 'possibly', 'improving', 'stable', 'worsening']),
          maybe(r, 0.5, pick(r, findings)),
        ),
      ),
      'period',
    );
  if (t === 2)
    return join(
      pick(r, ['follow up with', 'refer to', 'consult', 'discussed with']),
      pick(r, SPECIALTIES),
      maybe(r, 0.7, join('in', cardinalWords(int(r, 1, 8)), pick(r, ['days', 'weeks', 'months']))),
      end(r),
    );
  if (t === 3)
    return join(
      pick(r, ['obtain', 'check', 'repeat', 'order', 'we will obtain']),
      pick(r, ['a', 'an', '']),
      pick(r, [
        ...IMAGING,
        'c b c',
        'b m p',
        'c m p',
        'basic metabolic panel',
        'lipid panel',
        'urinalysis',
        'blood cultures',
        'hemoglobin a one c',
        't s h',
        'lactate',
        'troponin',
        'i n r',
      ]),
      maybe(r, 0.5, pick(r, ['in the morning', 'tomorrow', 'in one week', 'today', 'prior to discharge'])),
      end(r),
    );
  if (t === 4)
    return join(
      pick(r, ['the patient', 'she', 'he']),
      pick(r, [
        'was discharged home in stable condition',
        'will return to the emergency department for worsening symptoms',
        'verbalized understanding of the plan',
        'was counseled on diet and exercise',
        'agrees with the plan',
      ]),
      end(r),
    );
  if (r() < 0.15)
    return join(
      pick(r, ['a', 'the']),
      pick(r, ['polyp', 'lesion', 'nodule']),
      'was removed from the',
      pick(r, ['sigmoid colon', 'ascending colon', 'transverse colon', 'rectum', 'cecum']),
      'with',
      pick(r, ['cold snare', 'hot snare', 'biopsy forceps']),
      end(r),
    );
  if (t === 5)
    return join(
      'estimated blood loss',
      pick(r, [cardinalWords(int(r, 5, 500)), 'minimal']),
      maybe(r, 0.6, 'milliliters'),
      'period',
      maybe(r, 0.5, 'there were no complications period'),
    );
  if (t === 6)
    return join(
      'the patient was',
      pick(r, ['admitted', 'seen', 'evaluated', 'extubated', 'transferred']),
      maybe(r, 0.5, join('at', time(r))),
      maybe(r, 0.5, join('on', date(r))),
      end(r),
    );
  return join(
    pick(r, [
      'n p o after midnight',
      'diet as tolerated',
      'activity as tolerated',
      'fall precautions',
      'monitor on telemetry',
      'wound care as instructed',
      'keep the incision clean and dry',
    ]),
    end(r),
  );
}

/** A scratched phrase: a physician correcting themselves mid-sentence. */
function scratch(r: Random, drugs: readonly string[]) {
  return join(pick(r, VERBS), pick(r, drugs), dose(r), 'scratch that', medication(r, drugs, false));
}

/**
 * `count` dictation snippets in spoken form, reproducible from `seed`. `extraTerms` (an
 * organisation's vocabulary) join the slots of their category (drugs by default).
 */
export function generateTrainingText(
  count: number,
  seed = 7,
  extraTerms: { term: string; category?: string | null }[] = [],
): string[] {
  const r = seededRandom(seed);
  const extraDrugs = extraTerms
    .filter((t) => !t.category || /drug|med/i.test(t.category))
    .map((t) => t.term.toLowerCase());
  const extraFindings = extraTerms
    .filter((t) => t.category && !/drug|med/i.test(t.category))
    .map((t) => t.term.toLowerCase());
  const drugs = [
    ...medicalTerms.drugs.filter(
      (d) =>
        ![
          'glargine',
          'lispro',
          'aspart',
          'detemir',
          'tazobactam',
          'glycol',
          'sulfate',
          'gluconate',
          'ferrous',
        ].includes(d),
    ),
    'insulin glargine',
    'insulin lispro',
    'piperacillin tazobactam',
    'polyethylene glycol',
    'magnesium sulfate',
    'ferrous sulfate',
    'calcium gluconate',
    'potassium chloride',
    ...extraDrugs,
  ];
  const findings = [...medicalTerms.findings, ...extraFindings];
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    const kind = r();
    let s: string;
    if (kind < 0.12) s = vitals(r);
    else if (kind < 0.3) s = medication(r, drugs, r() < 0.45);
    else if (kind < 0.4) s = labs(r);
    else if (kind < 0.6) s = history(r, findings, drugs);
    else if (kind < 0.72) s = exam(r);
    else if (kind < 0.82) s = imaging(r);
    else if (kind < 0.97) s = plan(r, findings, drugs);
    else s = scratch(r, drugs);
    out.push(s.replace(/\s+/g, ' ').trim());
  }
  // Every term at least a few times, so each has n-gram context.
  for (const term of [
    ...medicalTerms.anatomy,
    ...medicalTerms.procedures,
    ...medicalTerms.labs,
    ...findings,
    ...extraDrugs,
  ]) {
    out.push(
      join('the', term, 'period'),
      join('no', term, 'period'),
      join(pick(r, ['history of', 'evidence of', 'with', 'the']), term, 'comma'),
    );
  }
  return out;
}
