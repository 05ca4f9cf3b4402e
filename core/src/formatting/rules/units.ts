import type { FormattingRules } from './types';

/** Units written after a number (house style: AHDI-like abbreviations). */
export const unitRules: Pick<FormattingRules, 'units' | 'countNouns' | 'numericLabels' | 'ratioContext'> = {
  units: [
    { spoken: ['milligrams per deciliter', 'milligram per deciliter'], written: 'mg/dL' },
    { spoken: ['milligrams per kilogram', 'milligram per kilogram'], written: 'mg/kg' },
    { spoken: ['micrograms per minute', 'microgram per minute'], written: 'mcg/min' },
    { spoken: ['millimeters of mercury', 'millimeter of mercury'], written: 'mmHg' },
    { spoken: ['liters per minute', 'liter per minute'], written: 'L/min' },
    { spoken: ['milligrams', 'milligram', 'mg', 'mgs'], written: 'mg' },
    { spoken: ['micrograms', 'microgram', 'mcg'], written: 'mcg' },
    { spoken: ['grams', 'gram'], written: 'g' },
    { spoken: ['kilograms', 'kilogram', 'kilos', 'kilo', 'kg'], written: 'kg' },
    { spoken: ['milliliters', 'milliliter', 'ml', 'cc', 'ccs'], written: 'mL' },
    { spoken: ['liters', 'liter'], written: 'L' },
    { spoken: ['milliequivalents', 'milliequivalent', 'meq'], written: 'mEq' },
    { spoken: ['millimoles', 'millimole'], written: 'mmol' },
    { spoken: ['centimeters', 'centimeter', 'cm'], written: 'cm' },
    { spoken: ['millimeters', 'millimeter', 'mm'], written: 'mm' },
    { spoken: ['percent', 'per cent'], written: '%' },
  ],
  countNouns: [
    'tablet', 'tablets', 'capsule', 'capsules', 'puff', 'puffs', 'drop', 'drops', 'units', 'unit',
    'times', 'time', 'second', 'seconds', 'minute', 'minutes', 'hour', 'hours', 'day', 'days',
    'week', 'weeks', 'month', 'months', 'year', 'years', 'pack', 'packs', 'refill', 'refills',
    'vessel', 'vessels', 'view', 'views', 'liters', 'beats', 'breaths', 'doses', 'cycles',
    'centimeters', 'inches', 'pounds', 'degrees', 'sprays', 'patches', 'vials', 'ampules',
  ],
  numericLabels: [
    'type', 'grade', 'stage', 'class', 'times', 'day', 'level', 'size', 'gravida', 'para',
    'pressure', 'pulse', 'rate', 'temperature', 'saturation', 'weight', 'sodium', 'potassium',
    'chloride', 'bicarbonate', 'bun', 'creatinine', 'glucose', 'calcium', 'magnesium', 'phosphorus',
    'hemoglobin', 'hematocrit', 'platelets', 'lactate', 'albumin', 'troponin', 'inr', 'score',
    'scale', 'number', 'bed', 'room', 'zone', 'apgar', 'respirations', 'count',
  ],
  ratioContext: {
    before: ['pressure', 'pressures', 'bp', 'strength', 'grip', 'motor', 'pain', 'vision', 'acuity'],
    after: ['murmur', 'systolic', 'diastolic', 'holosystolic', 'strength', 'mmhg', 'millimeters', 'vision'],
    window: 6,
  },
};
