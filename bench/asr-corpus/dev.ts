import type { CorpusScript } from './types';

/**
 * The development set: used to tune the formatter and the language-model build, and its spoken
 * text is part of the language model's training text. Compare bench/asr-corpus/heldout.ts.
 */
export const devScripts: CorpusScript[] = [
  {
    id: 'dev-01-vitals',
    noteType: 'vitals',
    spoken:
      'vital signs colon blood pressure one thirty over eighty two comma heart rate seventy two comma respiratory rate sixteen comma temperature ninety eight point six comma oxygen saturation ninety seven percent on room air period',
    written:
      'VITAL SIGNS: Blood pressure 130/82, heart rate 72, respiratory rate 16, temperature 98.6, oxygen saturation 97% on room air.',
    terms: ['respiratory', 'saturation'],
  },
  {
    id: 'dev-02-meds',
    noteType: 'medications',
    spoken:
      'medications colon next number metoprolol twenty five milligrams p o b i d period next number lisinopril ten milligrams daily period next number atorvastatin forty milligrams at bedtime period',
    written:
      'MEDICATIONS:\n1. Metoprolol 25 mg p.o. b.i.d.\n2. Lisinopril 10 mg daily.\n3. Atorvastatin 40 mg at bedtime.',
    terms: ['metoprolol', 'lisinopril', 'atorvastatin'],
  },
  {
    id: 'dev-03-hpi',
    noteType: 'history',
    spoken:
      'history of present illness colon the patient is a sixty seven year old male with a history of hypertension and type two diabetes who presents with chest pain for two days period the pain is substernal and nonradiating period',
    written:
      'HISTORY OF PRESENT ILLNESS: The patient is a 67-year-old male with a history of hypertension and type 2 diabetes who presents with chest pain for 2 days. The pain is substernal and nonradiating.',
    terms: ['hypertension', 'diabetes', 'substernal', 'nonradiating'],
  },
  {
    id: 'dev-04-labs',
    noteType: 'labs',
    spoken:
      'labs colon sodium one thirty eight comma potassium four point one comma chloride one oh two comma bicarbonate twenty four comma bun eighteen comma creatinine one point two comma glucose one forty six period',
    written:
      'LABS: Sodium 138, potassium 4.1, chloride 102, bicarbonate 24, BUN 18, creatinine 1.2, glucose 146.',
    terms: ['sodium', 'potassium', 'chloride', 'bicarbonate', 'creatinine', 'glucose'],
  },
  {
    id: 'dev-05-commands',
    noteType: 'commands',
    spoken:
      'the patient was seen in the clinic today period she reports feeling better comma although she still has a mild cough period new paragraph she denies fever comma chills comma or night sweats period',
    written:
      'The patient was seen in the clinic today. She reports feeling better, although she still has a mild cough.\n\nShe denies fever, chills, or night sweats.',
    terms: [],
  },
  {
    id: 'dev-06-scratch',
    noteType: 'commands',
    spoken:
      'the patient was started on amoxicillin scratch that the patient was started on azithromycin five hundred milligrams on day one followed by two hundred fifty milligrams daily for four days period',
    written: 'The patient was started on azithromycin 500 mg on day 1 followed by 250 mg daily for 4 days.',
    terms: ['azithromycin'],
  },
  {
    id: 'dev-07-exam',
    noteType: 'exam',
    spoken:
      'physical examination colon general colon alert and oriented times three comma in no acute distress period heart colon regular rate and rhythm with a two over six systolic murmur period lungs colon clear to auscultation bilaterally period',
    written:
      'PHYSICAL EXAMINATION: GENERAL: Alert and oriented times 3, in no acute distress. HEART: Regular rate and rhythm with a 2/6 systolic murmur. LUNGS: Clear to auscultation bilaterally.',
    terms: ['oriented', 'systolic', 'murmur', 'auscultation', 'bilaterally'],
  },
  {
    id: 'dev-08-assessment',
    noteType: 'assessment',
    spoken:
      'assessment and plan colon next number community acquired pneumonia period continue ceftriaxone one gram i v daily period next number chronic obstructive pulmonary disease period continue albuterol inhaler two puffs every four hours as needed period',
    written:
      'ASSESSMENT AND PLAN:\n1. Community acquired pneumonia. Continue ceftriaxone 1 g IV daily.\n2. Chronic obstructive pulmonary disease. Continue albuterol inhaler 2 puffs every 4 hours as needed.',
    terms: ['pneumonia', 'ceftriaxone', 'obstructive', 'pulmonary', 'albuterol', 'inhaler'],
  },
  {
    id: 'dev-09-ekg',
    noteType: 'procedure',
    spoken:
      'the e k g shows normal sinus rhythm at a rate of sixty eight with no acute s t changes period troponin was less than point zero one period',
    written:
      'The EKG shows normal sinus rhythm at a rate of 68 with no acute ST changes. Troponin was less than 0.01.',
    terms: ['ekg', 'sinus', 'troponin'],
  },
  {
    id: 'dev-10-dates',
    noteType: 'history',
    spoken:
      'the patient underwent a laparoscopic cholecystectomy on march fifth twenty twenty four period she was last seen in our office on january twelfth period',
    written:
      'The patient underwent a laparoscopic cholecystectomy on March 5, 2024. She was last seen in our office on January 12.',
    terms: ['laparoscopic', 'cholecystectomy'],
  },
  {
    id: 'dev-11-anticoag',
    noteType: 'medications',
    spoken:
      'she takes warfarin five milligrams daily with a goal i n r of two to three period her last i n r was two point four period we will continue apixaban scratch that we will continue the current dose period',
    written:
      'She takes warfarin 5 mg daily with a goal INR of 2 to 3. Her last INR was 2.4. We will continue the current dose.',
    terms: ['warfarin', 'inr'],
  },
  {
    id: 'dev-12-discharge',
    noteType: 'discharge',
    spoken:
      'discharge medications colon next number furosemide forty milligrams p o daily period next number potassium chloride twenty milliequivalents daily period next number aspirin eighty one milligrams daily period',
    written:
      'DISCHARGE MEDICATIONS:\n1. Furosemide 40 mg p.o. daily.\n2. Potassium chloride 20 mEq daily.\n3. Aspirin 81 mg daily.',
    terms: ['furosemide', 'potassium', 'chloride', 'aspirin'],
  },
  {
    id: 'dev-13-radiology',
    noteType: 'radiology',
    spoken:
      'impression colon next number no acute cardiopulmonary process period next number stable mild cardiomegaly period next number small left pleural effusion period',
    written:
      'IMPRESSION:\n1. No acute cardiopulmonary process.\n2. Stable mild cardiomegaly.\n3. Small left pleural effusion.',
    terms: ['cardiopulmonary', 'cardiomegaly', 'pleural', 'effusion'],
  },
  {
    id: 'dev-14-ct',
    noteType: 'radiology',
    spoken:
      'c t of the abdomen and pelvis with contrast demonstrates a four point two centimeter mass in the right hepatic lobe period there is no hydronephrosis period',
    written:
      'CT of the abdomen and pelvis with contrast demonstrates a 4.2 cm mass in the right hepatic lobe. There is no hydronephrosis.',
    terms: ['ct', 'abdomen', 'pelvis', 'hepatic', 'hydronephrosis'],
  },
  {
    id: 'dev-15-insulin',
    noteType: 'medications',
    spoken:
      'her hemoglobin a one c is eight point two percent period increase insulin glargine to twenty four units at bedtime and continue metformin one thousand milligrams b i d period',
    written:
      'Her hemoglobin A1c is 8.2%. Increase insulin glargine to 24 units at bedtime and continue metformin 1000 mg b.i.d.',
    terms: ['hemoglobin', 'a1c', 'insulin', 'glargine', 'metformin'],
  },
  {
    id: 'dev-16-procedure',
    noteType: 'procedure',
    spoken:
      'procedure colon colonoscopy period findings colon a six millimeter sessile polyp was removed from the sigmoid colon with cold snare period estimated blood loss was minimal period',
    written:
      'PROCEDURE: Colonoscopy. FINDINGS: A 6 mm sessile polyp was removed from the sigmoid colon with cold snare. Estimated blood loss was minimal.',
    terms: ['colonoscopy', 'sessile', 'polyp', 'sigmoid', 'colon'],
  },
  {
    id: 'dev-17-cc',
    noteType: 'history',
    spoken:
      'chief complaint colon shortness of breath period new paragraph history of present illness colon this is a seventy two year old female with congestive heart failure who reports worsening dyspnea on exertion and orthopnea for one week period',
    written:
      'CHIEF COMPLAINT: Shortness of breath.\n\nHISTORY OF PRESENT ILLNESS: This is a 72-year-old female with congestive heart failure who reports worsening dyspnea on exertion and orthopnea for 1 week.',
    terms: ['congestive', 'dyspnea', 'exertion', 'orthopnea'],
  },
  {
    id: 'dev-18-weight',
    noteType: 'vitals',
    spoken:
      'weight eighty two point five kilograms comma height one hundred seventy five centimeters period blood pressure one forty eight over ninety four period pulse eighty eight period',
    written: 'Weight 82.5 kg, height 175 cm. Blood pressure 148/94. Pulse 88.',
    terms: [],
  },
  {
    id: 'dev-19-pain',
    noteType: 'history',
    spoken:
      'she rates her pain as seven out of ten comma worse with movement period she has tried ibuprofen six hundred milligrams every six hours and acetaminophen without relief period',
    written:
      'She rates her pain as 7/10, worse with movement. She has tried ibuprofen 600 mg every 6 hours and acetaminophen without relief.',
    terms: ['ibuprofen', 'acetaminophen'],
  },
  {
    id: 'dev-20-ros',
    noteType: 'exam',
    spoken:
      'review of systems colon negative for headache comma dizziness comma palpitations comma nausea comma vomiting comma or diarrhea period all other systems reviewed and negative period',
    written:
      'REVIEW OF SYSTEMS: Negative for headache, dizziness, palpitations, nausea, vomiting, or diarrhea. All other systems reviewed and negative.',
    terms: ['palpitations', 'nausea', 'diarrhea'],
  },
  {
    id: 'dev-21-neuro',
    noteType: 'exam',
    spoken:
      'neurologic colon cranial nerves two through twelve intact period strength five over five in all extremities period reflexes two plus and symmetric period',
    written:
      'NEUROLOGIC: Cranial nerves 2 through 12 intact. Strength 5/5 in all extremities. Reflexes 2+ and symmetric.',
    terms: ['neurologic', 'cranial', 'extremities', 'reflexes'],
  },
  {
    id: 'dev-22-time',
    noteType: 'discharge',
    spoken:
      'the patient was admitted at three thirty p m and was given heparin by i v bolus period she was discharged home in stable condition period follow up with cardiology in two weeks period',
    written:
      'The patient was admitted at 3:30 p.m. and was given heparin by IV bolus. She was discharged home in stable condition. Follow up with cardiology in 2 weeks.',
    terms: ['heparin', 'bolus', 'cardiology'],
  },
  {
    id: 'dev-23-social',
    noteType: 'history',
    spoken:
      'social history colon she smoked one pack per day for thirty years and quit in two thousand eighteen period she drinks alcohol occasionally period new paragraph allergies colon penicillin causes a rash period',
    written:
      'SOCIAL HISTORY: She smoked 1 pack per day for 30 years and quit in 2018. She drinks alcohol occasionally.\n\nALLERGIES: Penicillin causes a rash.',
    terms: ['penicillin'],
  },
  {
    id: 'dev-24-plan',
    noteType: 'assessment',
    spoken:
      'plan colon start prednisone forty milligrams daily for five days comma then taper period obtain a chest x ray and a c b c in the morning period',
    written:
      'PLAN: Start prednisone 40 mg daily for 5 days, then taper. Obtain a chest x-ray and a CBC in the morning.',
    terms: ['prednisone', 'x-ray', 'cbc'],
  },
];
