// Shared by the editor and the worker without zod: the web bundle imports values from here.

/**
 * Below this confidence the editor marks a draft word as likely wrong; the model refresh fits the
 * organisation's confidence map so that such a word is wrong more often than right.
 */
export const LOW_CONFIDENCE = 0.6;
