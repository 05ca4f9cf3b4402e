import { Notice } from './Notice';

/** An error message announced to screen readers; renders nothing when there is none. */
export function ErrorText({ message }: { message: string | null | undefined | false }) {
  return <Notice kind="error">{message}</Notice>;
}
