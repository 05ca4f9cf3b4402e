import type { CorpusScript } from './types';

/**
 * The unseen set (issue 17): dictations written as free prose, sentence by sentence, by someone
 * looking at the kind of note a physician dictates — not filled in from the training-text
 * templates (core/src/capability/asr/model/training-text.ts) and not adapted from the dev or held-out
 * scripts. Like the held-out set it is never read by any model build, channel adaptation or
 * tuning; the model build measures its word 4-gram overlap with the training text and prints it.
 */
export const unseenScripts: CorpusScript[] = [
  {
    id: 'un-01-cellulitis',
    noteType: 'history',
    spoken:
      'she noticed the redness on her left shin three days ago after scraping it on a garden fence period since then it has spread up toward the knee and feels warm comma and last night she had chills period',
    written:
      'She noticed the redness on her left shin 3 days ago after scraping it on a garden fence. Since then it has spread up toward the knee and feels warm, and last night she had chills.',
    terms: [],
  },
  {
    id: 'un-02-exam',
    noteType: 'exam',
    spoken:
      'on exam there is a warm tender area of erythema about ten centimeters across with a clear border period no fluctuance period the calf is soft and there is no pitting edema period',
    written:
      'On exam there is a warm tender area of erythema about 10 cm across with a clear border. No fluctuance. The calf is soft and there is no pitting edema.',
    terms: ['erythema', 'fluctuance', 'edema'],
  },
  {
    id: 'un-03-plan',
    noteType: 'assessment',
    spoken:
      'this looks like a simple cellulitis period we will start cephalexin five hundred milligrams four times daily for seven days period she should keep the leg raised and come back if the red area grows past the line we drew period',
    written:
      'This looks like a simple cellulitis. We will start cephalexin 500 mg 4 times daily for 7 days. She should keep the leg raised and come back if the red area grows past the line we drew.',
    terms: ['cellulitis', 'cephalexin'],
  },
  {
    id: 'un-04-chest',
    noteType: 'history',
    spoken:
      'he woke up at four in the morning with a heavy feeling in the middle of his chest that went into his jaw period it lasted about twenty minutes and eased after he sat up period he smokes half a pack a day period',
    written:
      'He woke up at four in the morning with a heavy feeling in the middle of his chest that went into his jaw. It lasted about 20 minutes and eased after he sat up. He smokes half a pack a day.',
    terms: [],
  },
  {
    id: 'un-05-ed-course',
    noteType: 'assessment',
    spoken:
      'his first troponin was normal and the repeat at three hours was also normal period the e k g showed no acute changes period we gave him aspirin and he has had no further pain while in the department period',
    written:
      'His first troponin was normal and the repeat at 3 hours was also normal. The EKG showed no acute changes. We gave him aspirin and he has had no further pain while in the department.',
    terms: ['troponin', 'EKG', 'aspirin'],
  },
  {
    id: 'un-06-diabetes',
    noteType: 'assessment',
    spoken:
      'her sugars have been running high in the mornings comma mostly between one eighty and two twenty period we will raise the glargine from twenty to twenty four units at night and keep the metformin the same period',
    written:
      'Her sugars have been running high in the mornings, mostly between 180 and 220. We will raise the glargine from 20 to 24 units at night and keep the metformin the same.',
    terms: ['glargine', 'metformin'],
  },
  {
    id: 'un-07-followup',
    noteType: 'discharge',
    spoken:
      'she is going home today with her daughter period she knows to call us if she gets a fever or if the pain comes back period we will see her in the clinic in two weeks period',
    written:
      'She is going home today with her daughter. She knows to call us if she gets a fever or if the pain comes back. We will see her in the clinic in 2 weeks.',
    terms: [],
  },
  {
    id: 'un-08-pneumonia',
    noteType: 'radiology',
    spoken:
      'the chest x ray shows a patchy opacity in the right lower lobe period there is no effusion and the heart size is normal period this fits with the crackles we heard on that side period',
    written:
      'The chest x-ray shows a patchy opacity in the right lower lobe. There is no effusion and the heart size is normal. This fits with the crackles we heard on that side.',
    terms: ['x-ray', 'opacity', 'effusion', 'crackles'],
  },
];
