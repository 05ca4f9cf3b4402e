import { formatDraft } from '@dictum/core/capability/formatting/format-draft';
import { describe, expect, it } from 'vitest';
import { spokenWords } from './support';

const fmt = (spoken: string) => formatDraft(spokenWords(spoken)).text;

describe('cardinal numbers', () => {
  it.each([
    ['twelve', '12'],
    ['twenty', '20'],
    ['forty two', '42'],
    ['forty-two', '42'],
    ['one hundred', '100'],
    ['one hundred twenty three', '123'],
    ['one hundred and five', '105'],
    ['two thousand', '2000'],
    ['two thousand eighteen', '2018'],
    ['two thousand and eight', '2008'],
    ['fifteen hundred', '1500'],
    ['twelve thousand five hundred', '12,500'],
    ['two hundred thirty one thousand', '231,000'],
    ['one million', '1,000,000'],
    // Single digits in prose stay words; with a count noun or a label they are digits.
    ['she has two children', 'She has two children'],
    ['two weeks ago', '2 weeks ago'],
    ['for three days', 'For 3 days'],
    ['type two diabetes', 'Type 2 diabetes'],
    ['on day one', 'On day 1'],
    ['alert and oriented times three', 'Alert and oriented times 3'],
    ['three times daily', '3 times daily'],
    ['grade one', 'Grade 1'],
    ['potassium four', 'Potassium 4'],
    ['no one was there', 'No one was there'],
    ['zero', 'Zero'],
  ])('%s → %s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });
});

describe('paired readings (vitals and lab values)', () => {
  it.each([
    ['sodium one thirty eight', 'Sodium 138'],
    ['chloride one oh two', 'Chloride 102'],
    ['glucose one forty six', 'Glucose 146'],
    ['pulse one oh four', 'Pulse 104'],
    ['platelets two fifty', 'Platelets 250'],
    ['heart rate seventy two', 'Heart rate 72'],
  ])('%s → %s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });
});

describe('decimals', () => {
  it.each([
    ['temperature ninety eight point six', 'Temperature 98.6'],
    ['creatinine one point two', 'Creatinine 1.2'],
    ['potassium four point one', 'Potassium 4.1'],
    ['troponin less than point zero one', 'Troponin less than 0.01'],
    ['inr two point four', 'INR 2.4'],
    ['temperature one hundred point four', 'Temperature 100.4'],
    ['ratio of one point two five', 'Ratio of 1.25'],
    ['at this point two nurses came', 'At this point two nurses came'],
    ['the point is clear', 'The point is clear'],
    ['white count fourteen point two', 'White count 14.2'],
  ])('%s → %s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });
});

describe('vitals and ratios', () => {
  it.each([
    ['blood pressure one thirty over eighty two', 'Blood pressure 130/82'],
    ['blood pressure is one forty eight over ninety four', 'Blood pressure is 148/94'],
    ['bp one twelve over sixty eight', 'Bp 112/68'],
    ['pressure of ninety over sixty', 'Pressure of 90/60'],
    ['strength five over five in all extremities', 'Strength 5/5 in all extremities'],
    ['a two over six systolic murmur', 'A 2/6 systolic murmur'],
    ['pain seven out of ten', 'Pain 7/10'],
    ['she rates it as eight out of ten', 'She rates it as 8/10'],
    // "over" without such context stays words.
    ['two over three of the patients', 'Two over three of the patients'],
  ])('%s → %s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });
});

describe('doses and units', () => {
  it.each([
    ['metoprolol twenty five milligrams', 'Metoprolol 25 mg'],
    ['forty milligrams', '40 mg'],
    ['point five milligrams', '0.5 mg'],
    ['one gram i v', '1 g IV'],
    ['one point five grams', '1.5 g'],
    ['seventy five micrograms', '75 mcg'],
    ['twenty milliequivalents', '20 mEq'],
    ['twenty four units', '24 units'],
    ['twenty milliliters', '20 mL'],
    ['one liter of saline', '1 L of saline'],
    ['two liters nasal cannula', '2 L nasal cannula'],
    ['ninety seven percent', '97%'],
    ['eight point two percent', '8.2%'],
    ['a four point two centimeter mass', 'A 4.2 cm mass'],
    ['a six millimeter polyp', 'A 6 mm polyp'],
    ['weight eighty two point five kilograms', 'Weight 82.5 kg'],
    ['glucose of one twenty milligrams per deciliter', 'Glucose of 120 mg/dL'],
    ['one forty millimeters of mercury', '140 mmHg'],
    ['one thousand milligrams', '1000 mg'],
    ['the milligrams were counted', 'The milligrams were counted'],
  ])('%s → %s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });
});

describe('ages, ranges, plus, spine levels', () => {
  it.each([
    ['a sixty seven year old male', 'A 67-year-old male'],
    ['a six month old infant', 'A 6-month-old infant'],
    ['a three day old', 'A 3-day-old'],
    ['he is eighty years old', 'He is 80 years old'],
    ['a goal of two to three', 'A goal of 2 to 3'],
    ['cranial nerves two through twelve', 'Cranial nerves 2 through 12'],
    ['reflexes two plus', 'Reflexes 2+'],
    ['one plus edema', '1+ edema'],
    ['herniation at l four l five', 'Herniation at L4-L5'],
    ['at l five s one', 'At L5-S1'],
  ])('%s → %s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });
});

describe('dates and times', () => {
  it.each([
    ['on march fifth twenty twenty four', 'On March 5, 2024'],
    ['on january twelfth', 'On January 12'],
    ['on october twenty first twenty nineteen', 'On October 21, 2019'],
    ['on may nine two thousand eight', 'On May 9, 2008'],
    ['on june third nineteen ninety five', 'On June 3, 1995'],
    ['she may go home', 'She may go home'],
    ['at three thirty p m', 'At 3:30 p.m.'],
    ['at ten thirty a m', 'At 10:30 a.m.'],
    ['at nine oh five a m', 'At 9:05 a.m.'],
    ['at ten oh five p m', 'At 10:05 p.m.'],
    ['at seven a m', 'At 7 a.m.'],
    ['at seven a.m.', 'At 7 a.m.'],
    ['at eleven p. m.', 'At 11 p.m.'],
    ['the fourth dose', 'The fourth dose'],
    ['she quit in twenty eighteen', 'She quit in 2018'],
    ['since nineteen ninety five', 'Since 1995'],
    ['on march fifth comma twenty twenty four', 'On March 5, 2024'],
  ])('%s → %s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });
});

describe('abbreviations (house style)', () => {
  it.each([
    ['twenty five milligrams p o b i d', '25 mg p.o. b.i.d.'],
    ['t i d', 'T.i.d.'],
    ['take it p r n', 'Take it p.r.n.'],
    ['the e k g was normal', 'The EKG was normal'],
    ['c t of the head', 'CT of the head'],
    ['m r i of the brain', 'MRI of the brain'],
    ['a c b c and b m p', 'A CBC and BMP'],
    ['c o p d exacerbation', 'COPD exacerbation'],
    ['hemoglobin a one c', 'Hemoglobin A1c'],
    ['chest x ray', 'Chest x-ray'],
    ['bun eighteen', 'BUN 18'],
    ['no acute s t changes', 'No acute ST changes'],
    ['the ekg was normal', 'The EKG was normal'],
    ['given b.i.d.', 'Given b.i.d.'],
  ])('%s → %s', (spoken, written) => {
    expect(fmt(spoken)).toBe(written);
  });
});
