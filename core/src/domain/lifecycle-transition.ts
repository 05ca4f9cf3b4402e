import type { Actor } from '../actor';

/**
 * What every lifecycle transition takes besides the row's id (dictation, document, delivery): the
 * event, who fires it, further columns set in the same conditional update (never the status,
 * which only the state machine decides), and extra audit details (ids and codes only).
 */
export interface LifecycleTransitionInput<Event, Columns> {
  event: Event;
  actor: Actor;
  data?: Omit<Columns, 'status'>;
  details?: Record<string, unknown>;
}

/** The status a transition found and the one it wrote. */
export interface LifecycleTransitionResult<Status> {
  from: Status;
  to: Status;
}
