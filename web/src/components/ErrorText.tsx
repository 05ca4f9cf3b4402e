/** An error message announced to screen readers; renders nothing when there is none. */
export function ErrorText({ message }: { message: string | null | undefined | false }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
