import type { CorpusScript } from './types';

/**
 * The held-out set: never read by the model build (bench/src/asr-model checks that no held-out
 * sentence is in its training text) and never used to tune the formatter's rules. Written after
 * the dev set, with different sentences, patients and, partly, different drugs and findings.
 */
export const heldoutScripts: CorpusScript[] = [
  {
    id: 'ho-01-vitals',
    noteType: 'vitals',
    spoken:
      'vitals colon temperature one hundred point four comma blood pressure one twelve over sixty eight comma pulse one oh four comma respirations twenty two comma saturation ninety two percent on two liters nasal cannula period',
    written:
      'VITALS: Temperature 100.4, blood pressure 112/68, pulse 104, respirations 22, saturation 92% on 2 L nasal cannula.',
    terms: ['respirations', 'saturation', 'cannula'],
  },
  {
    id: 'ho-02-meds',
    noteType: 'medications',
    spoken:
      'current medications colon next number amlodipine ten milligrams daily period next number hydrochlorothiazide twenty five milligrams daily period next number simvastatin twenty milligrams at bedtime period next number levothyroxine seventy five micrograms daily period',
    written:
      'CURRENT MEDICATIONS:\n1. Amlodipine 10 mg daily.\n2. Hydrochlorothiazide 25 mg daily.\n3. Simvastatin 20 mg at bedtime.\n4. Levothyroxine 75 mcg daily.',
    terms: ['amlodipine', 'hydrochlorothiazide', 'simvastatin', 'levothyroxine'],
  },
  {
    id: 'ho-03-hpi',
    noteType: 'history',
    spoken:
      'history of present illness colon mister jones is a fifty four year old man with atrial fibrillation on apixaban who presents after a syncopal episode at home this morning period he denies chest pain or palpitations period',
    written:
      'HISTORY OF PRESENT ILLNESS: Mister Jones is a 54-year-old man with atrial fibrillation on apixaban who presents after a syncopal episode at home this morning. He denies chest pain or palpitations.',
    terms: ['atrial', 'fibrillation', 'apixaban', 'syncopal', 'palpitations'],
  },
  {
    id: 'ho-04-labs',
    noteType: 'labs',
    spoken:
      'laboratory data colon white blood cell count fourteen point two comma hemoglobin nine point eight comma platelets two hundred thirty one thousand period lactate two point nine period blood cultures are pending period',
    written:
      'LABORATORY DATA: White blood cell count 14.2, hemoglobin 9.8, platelets 231,000. Lactate 2.9. Blood cultures are pending.',
    terms: ['hemoglobin', 'platelets', 'lactate', 'cultures'],
  },
  {
    id: 'ho-05-commands',
    noteType: 'commands',
    spoken:
      'he was seen and examined at the bedside period his wife is present comma and she agrees with the plan period new paragraph he would like to go home tomorrow if possible period',
    written:
      'He was seen and examined at the bedside. His wife is present, and she agrees with the plan.\n\nHe would like to go home tomorrow if possible.',
    terms: [],
  },
  {
    id: 'ho-06-scratch',
    noteType: 'commands',
    spoken:
      'we will increase the gabapentin to six hundred milligrams scratch that we will increase the gabapentin to three hundred milligrams three times daily period',
    written: 'We will increase the gabapentin to 300 mg 3 times daily.',
    terms: ['gabapentin'],
  },
  {
    id: 'ho-07-exam',
    noteType: 'exam',
    spoken:
      'abdomen colon soft comma nontender comma nondistended with normal bowel sounds period extremities colon trace bilateral lower extremity edema period skin colon warm and dry without rash period',
    written:
      'ABDOMEN: Soft, nontender, nondistended with normal bowel sounds. EXTREMITIES: Trace bilateral lower extremity edema. SKIN: Warm and dry without rash.',
    terms: ['nontender', 'nondistended', 'bilateral', 'extremity', 'edema'],
  },
  {
    id: 'ho-08-assessment',
    noteType: 'assessment',
    spoken:
      'assessment colon next number acute kidney injury comma likely prerenal period hold lisinopril and give one liter of normal saline period next number hyperkalemia period repeat potassium in the morning period',
    written:
      'ASSESSMENT:\n1. Acute kidney injury, likely prerenal. Hold lisinopril and give 1 L of normal saline.\n2. Hyperkalemia. Repeat potassium in the morning.',
    terms: ['prerenal', 'lisinopril', 'saline', 'hyperkalemia', 'potassium'],
  },
  {
    id: 'ho-09-echo',
    noteType: 'procedure',
    spoken:
      'the echocardiogram showed an ejection fraction of thirty five percent with moderate mitral regurgitation period there was no pericardial effusion period',
    written:
      'The echocardiogram showed an ejection fraction of 35% with moderate mitral regurgitation. There was no pericardial effusion.',
    terms: ['echocardiogram', 'ejection', 'mitral', 'regurgitation', 'pericardial', 'effusion'],
  },
  {
    id: 'ho-10-dates',
    noteType: 'history',
    spoken:
      'he had a coronary artery bypass graft on october twenty first twenty nineteen period his last stress test was in june period',
    written: 'He had a coronary artery bypass graft on October 21, 2019. His last stress test was in June.',
    terms: ['coronary', 'bypass'],
  },
  {
    id: 'ho-11-antibiotics',
    noteType: 'medications',
    spoken:
      'start vancomycin one point five grams i v every twelve hours and piperacillin tazobactam four point five grams i v every eight hours period check a vancomycin trough before the fourth dose period',
    written:
      'Start vancomycin 1.5 g IV every 12 hours and piperacillin tazobactam 4.5 g IV every 8 hours. Check a vancomycin trough before the fourth dose.',
    terms: ['vancomycin', 'piperacillin', 'tazobactam'],
  },
  {
    id: 'ho-12-discharge',
    noteType: 'discharge',
    spoken:
      'discharge instructions colon take clopidogrel seventy five milligrams daily and do not stop it without talking to your cardiologist period return to the emergency department for chest pain or bleeding period',
    written:
      'DISCHARGE INSTRUCTIONS: Take clopidogrel 75 mg daily and do not stop it without talking to your cardiologist. Return to the emergency department for chest pain or bleeding.',
    terms: ['clopidogrel', 'cardiologist'],
  },
  {
    id: 'ho-13-mri',
    noteType: 'radiology',
    spoken:
      'm r i of the lumbar spine shows a disc herniation at l four l five with moderate foraminal stenosis period no cord compression period',
    written:
      'MRI of the lumbar spine shows a disc herniation at L4-L5 with moderate foraminal stenosis. No cord compression.',
    terms: ['mri', 'lumbar', 'herniation', 'foraminal', 'stenosis'],
  },
  {
    id: 'ho-14-copd',
    noteType: 'assessment',
    spoken:
      'this is a sixty one year old woman with c o p d exacerbation period she was given methylprednisolone one hundred twenty five milligrams i v and nebulized ipratropium in the emergency department period',
    written:
      'This is a 61-year-old woman with COPD exacerbation. She was given methylprednisolone 125 mg IV and nebulized ipratropium in the emergency department.',
    terms: ['copd', 'exacerbation', 'methylprednisolone', 'nebulized', 'ipratropium'],
  },
  {
    id: 'ho-15-op',
    noteType: 'procedure',
    spoken:
      'operative findings colon the appendix was inflamed but not perforated period it was removed and the stump was closed with an endoscopic stapler period estimated blood loss twenty milliliters period',
    written:
      'OPERATIVE FINDINGS: The appendix was inflamed but not perforated. It was removed and the stump was closed with an endoscopic stapler. Estimated blood loss 20 mL.',
    terms: ['appendix', 'perforated', 'endoscopic'],
  },
  {
    id: 'ho-16-followup',
    noteType: 'discharge',
    spoken:
      'follow up colon see doctor patel in the clinic on may ninth at ten thirty a m period repeat the basic metabolic panel in one week period',
    written:
      'FOLLOW UP: See Doctor Patel in the clinic on May 9 at 10:30 a.m. Repeat the basic metabolic panel in 1 week.',
    terms: ['metabolic'],
  },
];
