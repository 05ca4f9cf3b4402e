/** A report's definitions of its figures, as the server words them. */
export function Definitions({ defs }: { defs: Record<string, string> }) {
  return (
    <dl>
      {Object.entries(defs).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
