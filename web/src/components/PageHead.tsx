import type { ReactNode } from 'react';

/** A page's heading row: the title, what qualifies it (badges, filters), and its actions at the end. */
export function PageHead({
  title,
  children,
  actions,
}: {
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-head">
      <h1>{title}</h1>
      {children}
      {actions && (
        <>
          <span className="spacer" />
          {actions}
        </>
      )}
    </div>
  );
}
