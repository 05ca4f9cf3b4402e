import { type FormEvent, useRef, useState } from 'react';
import {
  type AdminUser,
  type ApiTokenRow,
  adminApi,
  type IssuedToken,
  type UserChange,
} from '../../api/admin';
import { ApiError, errorMessage } from '../../api/client';
import type { Role } from '../../api/types';
import { useUser } from '../../auth/session';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { ErrorText } from '../../components/ErrorText';
import { useAsync } from '../../components/useAsync';
import { fmtDateTime } from '../../lib/format';

const ROLES: { value: Role; label: string }[] = [
  { value: 'PHYSICIAN', label: 'Physician' },
  { value: 'TRANSCRIPTIONIST', label: 'Transcriptionist' },
  { value: 'RECORDS', label: 'Records' },
  { value: 'ADMIN', label: 'Administrator' },
];
const roleLabel = (r: string) => ROLES.find((x) => x.value === r)?.label ?? r;

/** The server's words for a refused password (422 WEAK_PASSWORD), or the error as it came. */
function passwordError(e: unknown): string {
  if (e instanceof ApiError && e.code === 'WEAK_PASSWORD') return `Password not accepted: ${e.message}.`;
  if (e instanceof ApiError && e.code === 'DUPLICATE')
    return `${e.message[0]?.toUpperCase()}${e.message.slice(1)}.`;
  return errorMessage(e);
}

type Msg = { ok: boolean; text: string } | null;

export function UsersPage() {
  const me = useUser();
  const users = useAsync(() => adminApi.users(), []);
  const tokens = useAsync(() => adminApi.tokens(), []);
  const [msg, setMsg] = useState<Msg>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [disabling, setDisabling] = useState<AdminUser | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [issuing, setIssuing] = useState<AdminUser | null>(null);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenRow | null>(null);

  async function change(u: AdminUser, body: { disabled?: boolean; unlock?: boolean }, done: string) {
    setBusy(u.id);
    try {
      await adminApi.updateUser(u.id, body);
      setMsg({ ok: true, text: done });
      await users.reload();
    } catch (e) {
      setMsg({ ok: false, text: `${u.username}: ${errorMessage(e)}` });
    } finally {
      setBusy(null);
      setDisabling(null);
    }
  }

  async function revoke(t: ApiTokenRow) {
    setBusy(t.id);
    try {
      await adminApi.revokeToken(t.id);
      setMsg({ ok: true, text: `Token “${t.name}” of ${t.user.username} revoked.` });
      await tokens.reload();
    } catch (e) {
      setMsg({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(null);
      setRevoking(null);
    }
  }

  const list = users.data ?? [];
  const tokenList = tokens.data ?? [];
  return (
    <>
      <h1>Users &amp; API tokens</h1>
      {msg && (
        <p className={msg.ok ? 'notice' : 'error'} role={msg.ok ? 'status' : 'alert'}>
          {msg.text}
        </p>
      )}

      <CreateUser
        onCreated={async (u) => {
          setMsg({ ok: true, text: `User ${u.username} (${roleLabel(u.role)}) created.` });
          await users.reload();
        }}
      />

      <h2>Users</h2>
      {users.error ? (
        <p className="error" role="alert">
          {errorMessage(users.error)}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="table" aria-label="Users">
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody aria-busy={users.loading}>
            {list.map((u) => (
              <tr key={u.id}>
                <td>
                  <strong>{u.username}</strong>
                  {u.id === me.id && <span className="muted small"> (you)</span>}
                </td>
                <td>
                  {u.displayName ?? ''}
                  {u.credentials ? `, ${u.credentials}` : ''}
                  {u.npi && <span className="muted small"> NPI {u.npi}</span>}
                </td>
                <td>{roleLabel(u.role)}</td>
                <td>
                  {u.disabled ? (
                    <span className="badge status-cancelled">Disabled</span>
                  ) : (
                    <span className="badge status-filed">Active</span>
                  )}
                  {u.locked && <span className="badge delivery-failed">Locked</span>}
                  {u.mfaEnabled && <span className="badge">2FA</span>}
                </td>
                <td>{fmtDateTime(u.createdAt)}</td>
                <td className="actions">
                  {u.disabled ? (
                    <button
                      type="button"
                      className="small"
                      disabled={busy === u.id}
                      aria-label={`Enable ${u.username}`}
                      onClick={() => void change(u, { disabled: false }, `${u.username} enabled.`)}
                    >
                      Enable
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="small"
                      disabled={busy === u.id || u.id === me.id}
                      aria-label={`Disable ${u.username}`}
                      onClick={() => setDisabling(u)}
                    >
                      Disable
                    </button>
                  )}
                  {u.locked && (
                    <button
                      type="button"
                      className="small"
                      disabled={busy === u.id}
                      aria-label={`Unlock ${u.username}`}
                      onClick={() => void change(u, { unlock: true }, `${u.username} unlocked.`)}
                    >
                      Unlock
                    </button>
                  )}
                  <button
                    type="button"
                    className="small"
                    aria-label={`Edit ${u.username}`}
                    onClick={() => setEditing(u)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="small"
                    aria-label={`Reset password of ${u.username}`}
                    onClick={() => setResetting(u)}
                  >
                    Reset password
                  </button>
                  <button
                    type="button"
                    className="small"
                    aria-label={`Issue API token for ${u.username}`}
                    onClick={() => setIssuing(u)}
                  >
                    Issue API token
                  </button>
                </td>
              </tr>
            ))}
            {!users.loading && list.length === 0 && (
              <tr>
                <td colSpan={6} className="empty">
                  No users.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <h2 className="section-gap">API tokens</h2>
      <p className="muted small">
        Tokens let devices and integrations call the API as a user (<code>Authorization: Bearer …</code>).
        Only the first characters are kept for recognition; a lost token is revoked and a new one issued.
      </p>
      {tokens.error ? (
        <p className="error" role="alert">
          {errorMessage(tokens.error)}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="table" aria-label="API tokens">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">User</th>
              <th scope="col">Token</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody aria-busy={tokens.loading}>
            {tokenList.map((t) => (
              <tr key={t.id} className={t.revokedAt ? 'dim' : undefined}>
                <td>{t.name}</td>
                <td>{t.user.username}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>{fmtDateTime(t.createdAt)}</td>
                <td>{t.lastUsedAt ? fmtDateTime(t.lastUsedAt) : <span className="muted">never</span>}</td>
                <td>
                  {t.revokedAt ? (
                    <span className="badge status-cancelled" title={fmtDateTime(t.revokedAt)}>
                      Revoked
                    </span>
                  ) : (
                    <span className="badge status-filed">Active</span>
                  )}
                </td>
                <td className="actions">
                  {!t.revokedAt && (
                    <button
                      type="button"
                      className="small"
                      disabled={busy === t.id}
                      aria-label={`Revoke token ${t.name} of ${t.user.username}`}
                      onClick={() => setRevoking(t)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {!tokens.loading && tokenList.length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  No API tokens.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <ConfirmDialog
        open={!!disabling}
        title={`Disable ${disabling?.username ?? ''}?`}
        confirmLabel="Disable"
        danger
        busy={!!disabling && busy === disabling.id}
        onCancel={() => setDisabling(null)}
        onConfirm={() =>
          disabling && void change(disabling, { disabled: true }, `${disabling.username} disabled.`)
        }
      >
        <p>They are signed out everywhere and cannot sign in or use their API tokens until enabled again.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={!!revoking}
        title={`Revoke token “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke"
        danger
        busy={!!revoking && busy === revoking.id}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && void revoke(revoking)}
      >
        <p>Devices and integrations using it stop working at once. This cannot be undone.</p>
      </ConfirmDialog>
      <EditUserDialog
        user={editing}
        isMe={editing?.id === me.id}
        onClose={() => setEditing(null)}
        onDone={async (u) => {
          setEditing(null);
          setMsg({ ok: true, text: `${u.username} saved.` });
          await users.reload();
        }}
      />
      <ResetPasswordDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(u) => {
          setResetting(null);
          setMsg({ ok: true, text: `Password of ${u.username} reset; their sessions have ended.` });
          void users.reload();
        }}
      />
      <IssueTokenDialog
        user={issuing}
        onClose={() => {
          setIssuing(null);
          void tokens.reload();
        }}
      />
    </>
  );
}

function CreateUser({ onCreated }: { onCreated: (u: AdminUser) => Promise<void> }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('TRANSCRIPTIONIST');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const u = await adminApi.createUser({
        username: username.trim(),
        role,
        password,
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      });
      setUsername('');
      setDisplayName('');
      setPassword('');
      await onCreated(u);
    } catch (err) {
      setError(passwordError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create user</h2>
      <form className="form-row" onSubmit={submit}>
        <label className="field">
          <span className="field-label">Username</span>
          <input
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoComplete="off"
            pattern="[A-Za-z0-9._@\-]+"
            title="Letters, digits, . _ @ -"
          />
        </label>
        <label className="field">
          <span className="field-label">Display name</span>
          <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} autoComplete="off" />
        </label>
        <label className="field">
          <span className="field-label">Role</span>
          <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Initial password</span>
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete="new-password"
            aria-describedby="create-user-pw-hint"
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create user'}
        </button>
      </form>
      <p id="create-user-pw-hint" className="muted small">
        The server checks the password (at least 12 characters, not the username). Administrators set up a
        second factor at their first sign-in.
      </p>
      <ErrorText message={error} />
    </section>
  );
}

function ResetPasswordDialog({
  user,
  onClose,
  onDone,
}: {
  user: AdminUser | null;
  onClose: () => void;
  onDone: (u: AdminUser) => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      const u = await adminApi.updateUser(user.id, { password });
      setPassword('');
      onDone(u);
    } catch (err) {
      setError(passwordError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open={!!user}
      title={`Reset password of ${user?.username ?? ''}`}
      onClose={() => {
        setPassword('');
        setError(null);
        onClose();
      }}
    >
      <form onSubmit={submit}>
        <label htmlFor="reset-password" className="field-label">
          New password
        </label>
        <input
          id="reset-password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          autoComplete="new-password"
          autoFocus
        />
        <p className="muted small">Their sessions end; a lockout is cleared.</p>
        <ErrorText message={error} />
        <div className="dialog-actions">
          <button
            type="button"
            onClick={() => {
              setPassword('');
              setError(null);
              onClose();
            }}
          >
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Set password'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function IssueTokenDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);
  const tokenRef = useRef<HTMLInputElement>(null);

  function close() {
    setName('');
    setIssued(null);
    setError(null);
    setCopied(false);
    onClose();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      setIssued(await adminApi.issueToken(user.id, name.trim()));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function copy() {
    if (!issued) return;
    try {
      await navigator.clipboard.writeText(issued.token);
    } catch {
      // Clipboard API unavailable (plain HTTP on a LAN address): select it for Ctrl+C.
      tokenRef.current?.select();
      document.execCommand?.('copy');
    }
    setCopied(true);
  }

  return (
    <Dialog open={!!user} title={`API token for ${user?.username ?? ''}`} onClose={close}>
      {issued ? (
        <div>
          <p className="warn-box" role="alert">
            Copy this token now. It is shown only once: Dictum keeps only a hash of it and cannot show it
            again.
          </p>
          <label htmlFor="issued-token" className="field-label">
            API token
          </label>
          <div className="inline-field">
            <input
              id="issued-token"
              ref={tokenRef}
              className="token-value"
              readOnly
              value={issued.token}
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
          <span className="sr-only" aria-live="polite">
            {copied ? 'Token copied to the clipboard.' : ''}
          </span>
          <div className="dialog-actions">
            <button type="button" className="primary" onClick={close}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={submit}>
          <label htmlFor="token-name" className="field-label">
            Token name
          </label>
          <input
            id="token-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Ward 4 recorder dock"
            required
            maxLength={100}
            autoFocus
          />
          <ErrorText message={error} />
          <div className="dialog-actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Issuing…' : 'Issue token'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** Edit a user's name, credentials, NPI and role (each change is audited by the server). */
function EditUserDialog({
  user,
  isMe,
  onClose,
  onDone,
}: {
  user: AdminUser | null;
  isMe: boolean;
  onClose: () => void;
  onDone: (u: AdminUser) => void | Promise<void>;
}) {
  const [form, setForm] = useState({
    displayName: '',
    credentials: '',
    npi: '',
    role: 'TRANSCRIPTIONIST' as Role,
    authorPreferences: '',
  });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shownFor, setShownFor] = useState<string | null>(null);
  if (user && shownFor !== user.id) {
    setShownFor(user.id);
    setForm({
      displayName: user.displayName ?? '',
      credentials: user.credentials ?? '',
      npi: user.npi ?? '',
      role: user.role,
      authorPreferences: user.authorPreferences ?? '',
    });
    setError(null);
  }
  if (!user && shownFor !== null) setShownFor(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!user) return;
    const npi = form.npi.trim();
    if (npi && !/^\d{10}$/.test(npi)) {
      setError('An NPI is 10 digits.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const change: UserChange = {
        displayName: form.displayName.trim() || null,
        credentials: form.credentials.trim() || null,
        npi: npi || null,
        authorPreferences: form.authorPreferences.trim() || null,
      };
      if (form.role !== user.role) change.role = form.role;
      const u = await adminApi.updateUser(user.id, change);
      await onDone(u);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));
  return (
    <Dialog open={!!user} title={`Edit ${user?.username ?? ''}`} onClose={onClose}>
      <form onSubmit={submit}>
        <label htmlFor="edit-display-name" className="field-label">
          Display name
        </label>
        <input
          id="edit-display-name"
          value={form.displayName}
          onChange={set('displayName')}
          maxLength={200}
        />
        <label htmlFor="edit-credentials" className="field-label">
          Credentials
        </label>
        <input
          id="edit-credentials"
          value={form.credentials}
          onChange={set('credentials')}
          maxLength={50}
          placeholder="MD, DO, NP, CMT…"
        />
        <label htmlFor="edit-npi" className="field-label">
          NPI
        </label>
        <input
          id="edit-npi"
          value={form.npi}
          onChange={set('npi')}
          inputMode="numeric"
          maxLength={10}
          aria-describedby="edit-npi-help"
        />
        <p id="edit-npi-help" className="muted small">
          National Provider Identifier: 10 digits, for authors whose notes go to an EHR.
        </p>
        <label htmlFor="edit-role" className="field-label">
          Role
        </label>
        <select
          id="edit-role"
          value={form.role}
          onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}
          disabled={isMe}
        >
          {ROLES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        {form.role === 'PHYSICIAN' && (
          <>
            <label htmlFor="edit-author-prefs" className="field-label">
              Author preferences
            </label>
            <textarea
              id="edit-author-prefs"
              rows={3}
              maxLength={2000}
              value={form.authorPreferences}
              onChange={set('authorPreferences')}
              placeholder="e.g. spell out all abbreviations; no “the patient” at sentence start"
            />
          </>
        )}
        <ErrorText message={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
