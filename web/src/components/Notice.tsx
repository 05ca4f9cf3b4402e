import type { ReactNode } from 'react';
import { errorMessage } from '../api/client';

/** The outcome of an action, for <MessageNotice>. */
export type Message = { ok: boolean; text: string } | null;

/**
 * A result line: "ok" is announced politely (role status), "error" at once (role alert).
 * Renders nothing when there is nothing to say, so callers need no guard.
 */
export function Notice({ kind, children }: { kind: 'ok' | 'error'; children: ReactNode }) {
  if (children === null || children === undefined || children === false || children === '') return null;
  return (
    <p className={kind === 'ok' ? 'notice' : 'error'} role={kind === 'ok' ? 'status' : 'alert'}>
      {children}
    </p>
  );
}

export function MessageNotice({ message }: { message: Message }) {
  return message ? <Notice kind={message.ok ? 'ok' : 'error'}>{message.text}</Notice> : null;
}

/** A failed load or action: a message as it is, an API error in the server's words. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  return <Notice kind="error">{typeof error === 'string' ? error : errorMessage(error)}</Notice>;
}
