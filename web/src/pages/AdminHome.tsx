import { Link } from '../components/Link';

export function AdminHome() {
  return (
    <div className="page">
      <h1>Administration</h1>
      <p className="muted">
        Users, API tokens, work types, settings and the audit log are managed through the API for now.
      </p>
      <ul className="link-list">
        <li>
          <a href="/docs">API documentation</a>
        </li>
        <li>
          <Link href="/records">Filing queue</Link>
        </li>
      </ul>
    </div>
  );
}
