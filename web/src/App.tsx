import { type ReactNode, useEffect, useState } from 'react';
import type { Role } from './api/types';
import { REAUTHENTICATED_PATH, ReauthenticatedPage } from './auth/reauthenticate';
import { SessionProvider, useSession } from './auth/session';
import { Dialog } from './components/Dialog';
import { Link } from './components/Link';
import { OutboxBadge } from './components/OutboxBadge';
import { SignOutButton } from './components/SignOutButton';
import { match, navigate, usePath } from './lib/router';
import { AdminHome } from './pages/AdminHome';
import { LoginForm, LoginPage } from './pages/Login';
import { DictatePage } from './pages/physician/DictatePage';
import { MyDictationsPage } from './pages/physician/MyDictationsPage';
import { ReviewPage } from './pages/physician/ReviewPage';
import { ToSignPage } from './pages/physician/ToSignPage';
import { DocumentPage } from './pages/records/DocumentPage';
import { FilingQueuePage } from './pages/records/FilingQueuePage';
import { InterfacesPage } from './pages/records/InterfacesPage';
import { LineCountsPage } from './pages/records/LineCountsPage';
import { NewPatientPage } from './pages/records/NewPatientPage';
import { PatientRecordPage } from './pages/records/PatientRecordPage';
import { EditorPage } from './pages/transcriptionist/EditorPage';
import { SettingsPage } from './pages/transcriptionist/SettingsPage';
import { WorklistPage } from './pages/transcriptionist/WorklistPage';
import { outbox } from './recording/outbox';

const HOME: Record<Role, string> = {
  PHYSICIAN: '/dictate',
  TRANSCRIPTIONIST: '/worklist',
  RECORDS: '/records',
  ADMIN: '/admin',
};

/** The navigation, in menu order: each entry with the roles whose menu has it. */
const NAV_ENTRIES: { href: string; label: string; roles: Role[] }[] = [
  { href: '/dictate', label: 'New dictation', roles: ['PHYSICIAN'] },
  { href: '/my', label: 'My dictations', roles: ['PHYSICIAN'] },
  { href: '/to-sign', label: 'To sign', roles: ['PHYSICIAN'] },
  { href: '/worklist', label: 'Worklist', roles: ['TRANSCRIPTIONIST'] },
  { href: '/settings', label: 'Hotkeys & pedal', roles: ['TRANSCRIPTIONIST'] },
  { href: '/admin', label: 'Administration', roles: ['ADMIN'] },
  { href: '/records', label: 'Filing queue', roles: ['RECORDS', 'ADMIN'] },
  { href: '/records/patients', label: 'Patient record', roles: ['RECORDS'] },
  { href: '/records/patients/new', label: 'New patient', roles: ['RECORDS'] },
  { href: '/records/line-counts', label: 'Line counts', roles: ['RECORDS', 'ADMIN'] },
  { href: '/records/interfaces', label: 'EHR interfaces', roles: ['RECORDS', 'ADMIN'] },
];

function navOf(role: Role) {
  return NAV_ENTRIES.filter((n) => n.roles.includes(role));
}

/** The nav entry for a path: the longest href that is the path or a parent of it. */
function currentNav(role: Role, path: string): string | undefined {
  return navOf(role)
    .map((n) => n.href)
    .filter((h) => path === h || path.startsWith(`${h}/`))
    .sort((a, b) => b.length - a.length)[0];
}

export function App() {
  // The window a fresh single sign-on for a signature came back to: it only reports and closes.
  if (window.location.pathname === REAUTHENTICATED_PATH) return <ReauthenticatedPage />;
  return <SessionProvider>{(state) => (state === 'loading' ? <Splash /> : <Shell />)}</SessionProvider>;
}

function Splash() {
  return (
    <div className="splash" aria-busy="true">
      Loading…
    </div>
  );
}

function Shell() {
  const { user, expired } = useSession();
  const path = usePath();

  // A physician's unsent recordings on this device go out whenever the app is open and online.
  useEffect(() => {
    if (user?.role === 'PHYSICIAN') outbox.start(user.id);
    else outbox.stop();
  }, [user]);

  useEffect(() => {
    if (!user && path !== '/login') navigate('/login', { replace: true });
    if (user && (path === '/login' || path === '/')) navigate(HOME[user.role], { replace: true });
  }, [user, path]);

  if (!user) return <LoginPage />;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" className="main" tabIndex={-1}>
        <Routes role={user.role} path={path} />
      </main>
      <Dialog open={expired} title="Your session has expired" dismissable={false}>
        <p>
          Sign in again to continue. Nothing you typed is lost: unsaved text stays here and in this browser
          until it is saved.
        </p>
        <LoginForm initialUsername={user.username} keepPage />
      </Dialog>
    </div>
  );
}

function Header() {
  const { user } = useSession();
  const path = usePath();
  // On a phone the navigation collapses behind a Menu button (closed again after each move).
  const [menuOpen, setMenuOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: close when the path changes
  useEffect(() => setMenuOpen(false), [path]);
  if (!user) return null;
  const current = currentNav(user.role, path);
  return (
    <header className={`header ${menuOpen ? 'menu-open' : ''}`}>
      <span className="brand">
        <span className="logo" aria-hidden="true">
          ◖
        </span>{' '}
        Dictum
      </span>
      <button
        type="button"
        className="menu-toggle"
        aria-expanded={menuOpen}
        aria-controls="header-menu"
        onClick={() => setMenuOpen((o) => !o)}
      >
        Menu
        {user.role === 'PHYSICIAN' && <OutboxBadge userId={user.id} />}
      </button>
      <div id="header-menu" className="header-menu">
        <nav aria-label="Main">
          {navOf(user.role).map((n) => (
            <Link key={n.href} href={n.href} aria-current={n.href === current ? 'page' : undefined}>
              {n.label}
              {n.href === '/dictate' && <OutboxBadge userId={user.id} />}
            </Link>
          ))}
        </nav>
        <span className="spacer" />
        <span className="who" title={user.role}>
          {user.displayName || user.username} · {roleLabel(user.role)}
        </span>
        <SignOutButton />
      </div>
    </header>
  );
}

function roleLabel(r: Role) {
  return { PHYSICIAN: 'Physician', TRANSCRIPTIONIST: 'Transcriptionist', RECORDS: 'Records', ADMIN: 'Admin' }[
    r
  ];
}

function Routes({ role, path }: { role: Role; path: string }): ReactNode {
  if (role === 'PHYSICIAN') {
    const review = match('/review/:id', path);
    const reviewDoc = match('/review/doc/:id', path);
    if (path === '/to-sign') return <ToSignPage />;
    if (reviewDoc) return <ReviewPage key={reviewDoc.id} documentId={reviewDoc.id!} />;
    if (path === '/dictate') return <DictatePage />;
    if (path === '/my') return <MyDictationsPage />;
    if (review) return <ReviewPage key={review.id} dictationId={review.id!} />;
  }
  if (role === 'TRANSCRIPTIONIST') {
    const edit = match('/edit/:id', path);
    if (path === '/worklist') return <WorklistPage />;
    if (path === '/settings') return <SettingsPage />;
    if (edit) return <EditorPage key={edit.id} dictationId={edit.id!} />;
  }
  if (role === 'RECORDS' || role === 'ADMIN') {
    const doc = match('/records/documents/:id', path);
    if (path === '/records') return <FilingQueuePage />;
    if (doc) return <DocumentPage key={doc.id} documentId={doc.id!} />;
    if (path === '/records/line-counts') return <LineCountsPage />;
    if (path === '/records/interfaces') return <InterfacesPage />;
  }
  if (role === 'RECORDS') {
    if (path === '/records/patients') return <PatientRecordPage />;
    if (path === '/records/patients/new') return <NewPatientPage />;
  }
  if (role === 'ADMIN' && (path === '/admin' || path.startsWith('/admin/'))) return <AdminHome />;
  return <NotFound home={HOME[role]} />;
}

function NotFound({ home }: { home: string }) {
  return (
    <div className="page">
      <h1>Not found</h1>
      <p>
        This page does not exist or is not available to your role.{' '}
        <Link href={home}>Go to your home page</Link>.
      </p>
    </div>
  );
}
