// A synthetic dictation transcript: clinical-sounding sentences, section headings, about 0.4 s per
// word (9,000 words ≈ 60 minutes), some low-confidence words.
const SENTENCES = [
  'The patient is a pleasant 64-year-old man seen today for follow-up of hypertension and type 2 diabetes.',
  'He reports good adherence to metoprolol and lisinopril with no dizziness or syncope.',
  'Blood pressure today is 138 over 84 and heart rate is 72 and regular.',
  'Lungs are clear to auscultation bilaterally without wheezes, rales or rhonchi.',
  'Abdomen is soft, nontender and nondistended with normal bowel sounds.',
  'Hemoglobin A1c was 7.4 percent three months ago, down from 8.1 percent.',
  'We discussed diet, exercise and the importance of home glucose monitoring.',
  'Continue atorvastatin 40 mg daily and recheck a lipid panel in three months.',
  'There is trace bilateral pedal edema, unchanged from the previous visit.',
  'He denies chest pain, shortness of breath, orthopnea or paroxysmal nocturnal dyspnea.',
];
const HEADINGS = ['HISTORY OF PRESENT ILLNESS:', 'PHYSICAL EXAMINATION:', 'ASSESSMENT:', 'PLAN:'];

export function makeTranscript(n: number, wordsPerPara: number) {
  const tokens: string[] = [];
  const breaks = new Set<number>();
  let s = 0;
  let h = 0;
  let since = 0;
  let para = 0;
  const heading = () => {
    for (const t of HEADINGS[h++ % HEADINGS.length]!.split(' ')) tokens.push(t);
    breaks.add(tokens.length);
  };
  if (wordsPerPara > 0) heading();
  while (tokens.length < n) {
    const sentence = SENTENCES[s++ % SENTENCES.length]!.split(' ');
    tokens.push(...sentence);
    since += sentence.length;
    if (wordsPerPara > 0 && since >= wordsPerPara) {
      breaks.add(tokens.length);
      since = 0;
      if (++para % 3 === 0) heading();
    }
  }
  tokens.length = n;
  let text = '';
  const words = tokens.map((t, i) => {
    if (i > 0) text += breaks.has(i) ? '\n' : ' ';
    text += t;
    const conf = (i * 7919) % 23 === 0 ? 0.42 : 0.93;
    return { text: t, start: i * 0.4, end: i * 0.4 + 0.34, confidence: conf };
  });
  return { text, words };
}
