-- Default text expanders (SPEC: the editor expands `.nkda` to "No known drug allergies.").
-- Common clinical shorthand; an administrator adds, changes or removes them under /admin/text-expanders.
-- ON CONFLICT keeps any expansion an organisation has already defined for the same abbreviation.
INSERT INTO "TextExpander" ("id", "abbreviation", "expansion", "createdAt") VALUES
  (gen_random_uuid(), '.nkda',   'No known drug allergies.', now()),
  (gen_random_uuid(), '.nka',    'No known allergies.', now()),
  (gen_random_uuid(), '.wnl',    'within normal limits', now()),
  (gen_random_uuid(), '.rrr',    'regular rate and rhythm', now()),
  (gen_random_uuid(), '.ctab',   'clear to auscultation bilaterally', now()),
  (gen_random_uuid(), '.nad',    'no acute distress', now()),
  (gen_random_uuid(), '.perrla', 'pupils equal, round, and reactive to light and accommodation', now()),
  (gen_random_uuid(), '.eomi',   'extraocular movements intact', now()),
  (gen_random_uuid(), '.ntnd',   'soft, nontender, nondistended', now()),
  (gen_random_uuid(), '.mrg',    'no murmurs, rubs, or gallops', now()),
  (gen_random_uuid(), '.aox3',   'alert and oriented to person, place, and time', now()),
  (gen_random_uuid(), '.cce',    'no clubbing, cyanosis, or edema', now())
ON CONFLICT ("abbreviation") DO NOTHING;
