import { useRef, useState } from 'react';
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
import { actionsColumn, type Column, LoadedTable, RowButton } from '../../components/DataTable';
import { ConfirmDialog, Dialog, DialogActions, FormDialog } from '../../components/Dialog';
import {
  BusyButton,
  Field,
  InputFields,
  type InputSpec,
  StackedField,
  StackedInput,
  useForm,
} from '../../components/Field';
import { ErrorNotice, MessageNotice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
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

/** "Active", or why not (Disabled, Revoked). */
function ActiveBadge({ off, title }: { off: string | null; title?: string }) {
  return off ? (
    <span className="badge status-cancelled" title={title}>
      {off}
    </span>
  ) : (
    <span className="badge status-filed">Active</span>
  );
}

function RoleOptions() {
  return ROLES.map((r) => (
    <option key={r.value} value={r.value}>
      {r.label}
    </option>
  ));
}

export function UsersPage() {
  const me = useUser();
  const users = useAsync(() => adminApi.users(), []);
  const tokens = useAsync(() => adminApi.tokens(), []);
  const act = useAction();
  const [disabling, setDisabling] = useState<AdminUser | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [issuing, setIssuing] = useState<AdminUser | null>(null);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenRow | null>(null);

  function change(u: AdminUser, body: { disabled?: boolean; unlock?: boolean }, done: string) {
    return act.run(
      async () => {
        await adminApi.updateUser(u.id, body);
        return done;
      },
      {
        key: u.id,
        reload: users.reload,
        failure: (e) => `${u.username}: ${errorMessage(e)}`,
        settle: () => setDisabling(null),
      },
    );
  }

  function revoke(t: ApiTokenRow) {
    return act.run(
      async () => {
        await adminApi.revokeToken(t.id);
        return `Token “${t.name}” of ${t.user.username} revoked.`;
      },
      { key: t.id, reload: tokens.reload, settle: () => setRevoking(null) },
    );
  }

  /** Enable, Unlock: a change at once, the user's row busy meanwhile. */
  function changeButton(u: AdminUser, verb: string, body: Parameters<typeof change>[1], done: string) {
    return (
      <RowButton
        label={`${verb} ${u.username}`}
        disabled={act.isBusy(u.id)}
        onClick={() => void change(u, body, `${u.username} ${done}.`)}
      >
        {verb}
      </RowButton>
    );
  }

  const userColumns: Column<AdminUser>[] = [
    {
      header: 'Username',
      cell: (u) => (
        <>
          <strong>{u.username}</strong>
          {u.id === me.id && <span className="muted small"> (you)</span>}
        </>
      ),
    },
    {
      header: 'Name',
      cell: (u) => (
        <>
          {u.displayName ?? ''}
          {u.credentials ? `, ${u.credentials}` : ''}
          {u.npi && <span className="muted small"> NPI {u.npi}</span>}
        </>
      ),
    },
    { header: 'Role', cell: (u) => roleLabel(u.role) },
    {
      header: 'Status',
      cell: (u) => (
        <>
          <ActiveBadge off={u.disabled ? 'Disabled' : null} />
          {u.locked && <span className="badge delivery-failed">Locked</span>}
          {u.mfaEnabled && <span className="badge">2FA</span>}
        </>
      ),
    },
    { header: 'Created', cell: (u) => fmtDateTime(u.createdAt) },
    actionsColumn((u) => (
      <>
        {u.disabled ? (
          changeButton(u, 'Enable', { disabled: false }, 'enabled')
        ) : (
          <RowButton
            label={`Disable ${u.username}`}
            disabled={act.isBusy(u.id) || u.id === me.id}
            onClick={() => setDisabling(u)}
          >
            Disable
          </RowButton>
        )}
        {u.locked && changeButton(u, 'Unlock', { unlock: true }, 'unlocked')}
        <RowButton label={`Edit ${u.username}`} onClick={() => setEditing(u)}>
          Edit
        </RowButton>
        <RowButton label={`Reset password of ${u.username}`} onClick={() => setResetting(u)}>
          Reset password
        </RowButton>
        <RowButton label={`Issue API token for ${u.username}`} onClick={() => setIssuing(u)}>
          Issue API token
        </RowButton>
      </>
    )),
  ];

  const tokenColumns: Column<ApiTokenRow>[] = [
    { header: 'Name', cell: (t) => t.name },
    { header: 'User', cell: (t) => t.user.username },
    { header: 'Token', cell: (t) => <code>{t.prefix}…</code> },
    { header: 'Created', cell: (t) => fmtDateTime(t.createdAt) },
    {
      header: 'Last used',
      cell: (t) => (t.lastUsedAt ? fmtDateTime(t.lastUsedAt) : <span className="muted">never</span>),
    },
    {
      header: 'Status',
      cell: (t) => (
        <ActiveBadge
          off={t.revokedAt ? 'Revoked' : null}
          title={t.revokedAt ? fmtDateTime(t.revokedAt) : undefined}
        />
      ),
    },
    actionsColumn((t) =>
      t.revokedAt ? null : (
        <RowButton
          label={`Revoke token ${t.name} of ${t.user.username}`}
          disabled={act.isBusy(t.id)}
          onClick={() => setRevoking(t)}
        >
          Revoke
        </RowButton>
      ),
    ),
  ];

  return (
    <>
      <h1>Users &amp; API tokens</h1>
      <MessageNotice message={act.message} />

      <CreateUser
        onCreated={async (u) => {
          act.announce(`User ${u.username} (${roleLabel(u.role)}) created.`);
          await users.reload();
        }}
      />

      <h2>Users</h2>
      <LoadedTable
        wrap
        label="Users"
        columns={userColumns}
        list={users}
        rowKey={(u) => u.id}
        empty="No users."
      />

      <h2 className="section-gap">API tokens</h2>
      <p className="muted small">
        Tokens let devices and integrations call the API as a user (<code>Authorization: Bearer …</code>).
        Only the first characters are kept for recognition; a lost token is revoked and a new one issued.
      </p>
      <LoadedTable
        wrap
        label="API tokens"
        columns={tokenColumns}
        list={tokens}
        rowKey={(t) => t.id}
        rowProps={(t) => ({ className: t.revokedAt ? 'dim' : undefined })}
        empty="No API tokens."
      />

      <ConfirmDialog
        open={!!disabling}
        title={`Disable ${disabling?.username ?? ''}?`}
        confirmLabel="Disable"
        danger
        busy={!!disabling && act.isBusy(disabling.id)}
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
        busy={!!revoking && act.isBusy(revoking.id)}
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
          act.announce(`${u.username} saved.`);
          await users.reload();
        }}
      />
      <ResetPasswordDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onDone={(u) => {
          setResetting(null);
          act.announce(`Password of ${u.username} reset; their sessions have ended.`);
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

const NEW_USER = { username: '', displayName: '', role: 'TRANSCRIPTIONIST' as Role, password: '' };

const NAME_FIELDS: InputSpec<'username' | 'displayName'>[] = [
  {
    name: 'username',
    label: 'Username',
    required: true,
    autoComplete: 'off',
    pattern: '[A-Za-z0-9._@\\-]+',
    title: 'Letters, digits, . _ @ -',
  },
  { name: 'displayName', label: 'Display name', autoComplete: 'off' },
];

const PASSWORD_FIELDS: InputSpec<'password'>[] = [
  {
    name: 'password',
    label: 'Initial password',
    type: 'password',
    required: true,
    autoComplete: 'new-password',
    'aria-describedby': 'create-user-pw-hint',
  },
];

function CreateUser({ onCreated }: { onCreated: (u: AdminUser) => Promise<void> }) {
  const { form, setForm, set } = useForm(NEW_USER);
  const create = useAction();

  const submit = create.submit(
    async () => {
      const u = await adminApi.createUser({
        username: form.username.trim(),
        role: form.role,
        password: form.password,
        ...(form.displayName.trim() ? { displayName: form.displayName.trim() } : {}),
      });
      setForm((f) => ({ ...NEW_USER, role: f.role }));
      await onCreated(u);
    },
    { failure: passwordError },
  );

  return (
    <section className="panel" aria-labelledby="create-user-title">
      <h2 id="create-user-title">Create user</h2>
      <form className="form-row" onSubmit={submit}>
        <InputFields fields={NAME_FIELDS} form={form} set={set} />
        <Field label="Role">
          <select value={form.role} onChange={set('role')}>
            <RoleOptions />
          </select>
        </Field>
        <InputFields fields={PASSWORD_FIELDS} form={form} set={set} />
        <BusyButton busy={create.busy} label="Create user" busyLabel="Creating…" />
      </form>
      <p id="create-user-pw-hint" className="muted small">
        The server checks the password (at least 12 characters, not the username). Administrators set up a
        second factor at their first sign-in.
      </p>
      <ErrorNotice error={create.error} />
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
  const save = useAction();

  const submit = save.submit(
    async () => {
      if (!user) return;
      const u = await adminApi.updateUser(user.id, { password });
      setPassword('');
      onDone(u);
    },
    { failure: passwordError },
  );

  function close() {
    setPassword('');
    save.setError(null);
    onClose();
  }

  return (
    <FormDialog
      open={!!user}
      title={`Reset password of ${user?.username ?? ''}`}
      onClose={close}
      onSubmit={submit}
      action={save}
      label="Set password"
      busyLabel="Saving…"
    >
      <StackedInput
        id="reset-password"
        label="New password"
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
        autoComplete="new-password"
        // The dialog's only field.
        autoFocus
      />
      <p className="muted small">Their sessions end; a lockout is cleared.</p>
    </FormDialog>
  );
}

function IssueTokenDialog({ user, onClose }: { user: AdminUser | null; onClose: () => void }) {
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const issue = useAction();
  const [copied, setCopied] = useState(false);
  const tokenRef = useRef<HTMLInputElement>(null);

  function close() {
    setName('');
    setIssued(null);
    issue.setError(null);
    setCopied(false);
    onClose();
  }

  const submit = issue.submit(async () => {
    if (user) setIssued(await adminApi.issueToken(user.id, name.trim()));
  });

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
          <StackedField id="issued-token" label="API token">
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
          </StackedField>
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
          <StackedInput
            id="token-name"
            label="Token name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Ward 4 recorder dock"
            required
            maxLength={100}
            autoFocus
          />
          <ErrorNotice error={issue.error} />
          <DialogActions onCancel={close} busy={issue.busy} label="Issue token" busyLabel="Issuing…" />
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
  const { form, setForm, set } = useForm({
    displayName: '',
    credentials: '',
    npi: '',
    role: 'TRANSCRIPTIONIST' as Role,
    authorPreferences: '',
  });
  const save = useAction();
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
    save.setError(null);
  }
  if (!user && shownFor !== null) setShownFor(null);

  const submit = save.submit(async () => {
    if (!user) return;
    const npi = form.npi.trim();
    if (npi && !/^\d{10}$/.test(npi)) throw new Error('An NPI is 10 digits.');
    const change: UserChange = {
      displayName: form.displayName.trim() || null,
      credentials: form.credentials.trim() || null,
      npi: npi || null,
      authorPreferences: form.authorPreferences.trim() || null,
    };
    if (form.role !== user.role) change.role = form.role;
    await onDone(await adminApi.updateUser(user.id, change));
  });

  return (
    <FormDialog
      open={!!user}
      title={`Edit ${user?.username ?? ''}`}
      onClose={onClose}
      onSubmit={submit}
      action={save}
      label="Save"
      busyLabel="Saving…"
    >
      <StackedInput
        id="edit-display-name"
        label="Display name"
        value={form.displayName}
        onChange={set('displayName')}
        maxLength={200}
      />
      <StackedInput
        id="edit-credentials"
        label="Credentials"
        value={form.credentials}
        onChange={set('credentials')}
        maxLength={50}
        placeholder="MD, DO, NP, CMT…"
      />
      <StackedInput
        id="edit-npi"
        label="NPI"
        help="National Provider Identifier: 10 digits, for authors whose notes go to an EHR."
        value={form.npi}
        onChange={set('npi')}
        inputMode="numeric"
        maxLength={10}
      />
      <StackedField id="edit-role" label="Role">
        <select id="edit-role" value={form.role} onChange={set('role')} disabled={isMe}>
          <RoleOptions />
        </select>
      </StackedField>
      {form.role === 'PHYSICIAN' && (
        <StackedField id="edit-author-prefs" label="Author preferences">
          <textarea
            id="edit-author-prefs"
            rows={3}
            maxLength={2000}
            value={form.authorPreferences}
            onChange={set('authorPreferences')}
            placeholder="e.g. spell out all abbreviations; no “the patient” at sentence start"
          />
        </StackedField>
      )}
    </FormDialog>
  );
}
