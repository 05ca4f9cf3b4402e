/** Section headings, written in capitals ("HISTORY OF PRESENT ILLNESS:") when dictated with "colon". */
export const defaultHeadings: string[] = [
  'chief complaint', 'reason for visit', 'reason for consultation', 'history of present illness',
  'past medical history', 'past surgical history', 'medical history', 'surgical history',
  'family history', 'social history', 'medications', 'current medications', 'home medications',
  'discharge medications', 'allergies', 'review of systems', 'physical examination', 'physical exam',
  'vital signs', 'vitals', 'general', 'heent', 'neck', 'heart', 'cardiovascular', 'lungs', 'chest',
  'abdomen', 'extremities', 'skin', 'neurologic', 'neurological', 'psychiatric', 'musculoskeletal',
  'labs', 'laboratory data', 'laboratory', 'imaging', 'studies', 'assessment', 'plan',
  'assessment and plan', 'impression', 'impression and plan', 'diagnosis', 'diagnoses',
  'preoperative diagnosis', 'postoperative diagnosis', 'procedure', 'procedures', 'findings',
  'operative findings', 'indications', 'anesthesia', 'estimated blood loss', 'complications',
  'specimens', 'technique', 'comparison', 'history', 'disposition', 'hospital course',
  'discharge instructions', 'discharge diagnosis', 'discharge diagnoses', 'follow up', 'followup',
  'condition on discharge', 'recommendations', 'subjective', 'objective',
];
