import type { ReactNode } from 'react';
import { Link } from '../components/Link';
import { usePath } from '../lib/router';
import { AuditLogPage } from './admin/AuditLogPage';
import { DashboardPage } from './admin/DashboardPage';
import { QualityPage } from './admin/QualityPage';
import { TextExpandersPage } from './admin/TextExpandersPage';
import { UsersPage } from './admin/UsersPage';
import { VocabularyPage } from './admin/VocabularyPage';
import { WorkTypesPage } from './admin/WorkTypesPage';

const SECTIONS: { href: string; label: string; render: () => ReactNode }[] = [
  { href: '/admin', label: 'Dashboard', render: () => <DashboardPage /> },
  { href: '/admin/users', label: 'Users & tokens', render: () => <UsersPage /> },
  { href: '/admin/audit', label: 'Audit log', render: () => <AuditLogPage /> },
  { href: '/admin/work-types', label: 'Work types', render: () => <WorkTypesPage /> },
  { href: '/admin/text-expanders', label: 'Text expanders', render: () => <TextExpandersPage /> },
  { href: '/admin/vocabulary', label: 'Vocabulary', render: () => <VocabularyPage /> },
  { href: '/admin/quality', label: 'Draft quality', render: () => <QualityPage /> },
];

/** The administration area: a section menu and the section at /admin/<section>. */
export function AdminHome() {
  const path = usePath().replace(/\/+$/, '') || '/admin';
  const section = SECTIONS.find((s) => s.href === path);
  return (
    <div className="page admin-page">
      <nav aria-label="Administration" className="subnav">
        {SECTIONS.map((s) => (
          <Link key={s.href} href={s.href} aria-current={s === section ? 'page' : undefined}>
            {s.label}
          </Link>
        ))}
        <span className="spacer" />
        <a href="/docs" className="muted small">
          API documentation
        </a>
      </nav>
      {section ? (
        section.render()
      ) : (
        <>
          <h1>Not found</h1>
          <p>
            There is no such administration page. <Link href="/admin">Go to the dashboard</Link>.
          </p>
        </>
      )}
    </div>
  );
}
