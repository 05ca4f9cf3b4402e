/** Where the worker keeps a dictation's waveform peaks (derived data, not patient-identifying). */
export const peaksObjectKey = (dictationId: string, audioVersion: number) =>
  `derived/peaks/${dictationId}-${audioVersion}.json`;
