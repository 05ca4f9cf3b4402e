import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/client';
import { recordsApi } from '../../api/records';
import { reviewApi } from '../../api/review';
import type { DocumentDetail, Patient } from '../../api/types';
import { useUser } from '../../auth/session';
import { AmendDialog } from '../../components/AmendDialog';
import { ConfirmDialog, FormDialog } from '../../components/Dialog';
import { DiffView } from '../../components/DiffView';
import { BusyButton, Field } from '../../components/Field';
import { Link } from '../../components/Link';
import { ErrorNotice, Notice } from '../../components/Notice';
import { PageHead } from '../../components/PageHead';
import { PatientPicker } from '../../components/PatientPicker';
import { StatusBadge } from '../../components/StatusBadge';
import { useAction } from '../../components/useAction';
import { useAsync } from '../../components/useAsync';
import { fmtDateTime } from '../../lib/format';
import { DeliveryList, hasPendingDelivery } from './DeliveryList';
import { kindLabel } from './FilingQueuePage';

type Msg = { ok: boolean; text: string; link?: { href: string; label: string } } | null;

/** One note: its text and metadata; file, reassign before filing, amend after; exports; deliveries. */
export function DocumentPage({ documentId }: { documentId: string }) {
  const user = useUser();
  const canAct = user.role === 'RECORDS';
  const [poll, setPoll] = useState(false);
  const doc = useAsync(() => recordsApi.document(documentId), [documentId], poll ? 2500 : undefined);
  const d = doc.data;
  useEffect(() => setPoll(!!d && hasPendingDelivery(d)), [d]);

  const [msg, setMsg] = useState<Msg>(null);
  const [busy, setBusy] = useState(false);
  const [confirmFile, setConfirmFile] = useState(false);
  const [reassigning, setReassigning] = useState(false);
  const [amending, setAmending] = useState<'addendum' | 'replacement' | null>(null);
  const [retracting, setRetracting] = useState(false);

  async function file() {
    if (!d) return;
    setBusy(true);
    try {
      const filed = await recordsApi.file(d.id);
      doc.setData({ ...d, ...filed });
      setMsg({ ok: true, text: `Filed to ${d.patient.name}'s record; EHR delivery started.` });
    } catch (e) {
      setMsg({ ok: false, text: `Could not file: ${errorMessage(e)}` });
    } finally {
      setBusy(false);
      setConfirmFile(false);
    }
  }

  if (!d) {
    return (
      <div className="page">
        <BackLink />
        {doc.error ? <ErrorNotice error={doc.error} /> : <p className="muted">Loading…</p>}
      </div>
    );
  }

  const notFiled = d.status === 'FINALIZED' || d.status === 'SIGNED';
  const isFiled = d.status === 'FILED';
  return (
    <div className="page document-page">
      <BackLink />
      <PageHead title={`${kindLabel(d.kind) === 'Original' ? 'Document' : kindLabel(d.kind)} ${d.number}`}>
        <StatusBadge status={d.status} />
        {d.awaitingSignature && <span className="badge">Awaiting signature</span>}
      </PageHead>
      {d.completion && <p className="small">Completion: {d.completion.label}</p>}
      {d.reason && (
        <p className="notice">
          <strong>Reason for this {kindLabel(d.kind).toLowerCase()}:</strong> {d.reason}
        </p>
      )}
      {d.retraction && (
        <p className="notice warn">
          <strong>Entered in error</strong> {fmtDateTime(d.retraction.at)}: {d.retraction.reason}. Kept for
          the record; no longer in the patient’s current documents.
        </p>
      )}
      <p className="doc-subtitle">
        <strong>{d.patient.name}</strong> <span className="muted">MRN {d.patient.mrn}</span> ·{' '}
        {d.workType.name} · {d.author.displayName || d.author.username}
      </p>
      {msg && (
        <Notice kind={msg.ok ? 'ok' : 'error'}>
          {msg.text} {msg.link && <Link href={msg.link.href}>{msg.link.label}</Link>}
        </Notice>
      )}
      <ErrorNotice error={doc.error} />

      <div className="document-layout">
        <article className="document-text" aria-label="Note text">
          {d.text}
        </article>

        <aside className="document-side">
          {canAct && (notFiled || isFiled) && (
            <section className="panel" aria-labelledby="doc-actions">
              <h2 id="doc-actions">Actions</h2>
              {notFiled && (
                <div className="button-row">
                  <button
                    type="button"
                    className="primary"
                    disabled={busy || !d.readyToFile}
                    aria-describedby={d.readyToFile ? undefined : 'file-blocked'}
                    onClick={() => setConfirmFile(true)}
                  >
                    File
                  </button>
                  <button type="button" onClick={() => setReassigning((r) => !r)} aria-expanded={reassigning}>
                    Reassign patient
                  </button>
                </div>
              )}
              {notFiled && !d.readyToFile && (
                <p id="file-blocked" className="muted small">
                  This work type needs the author’s signature before filing.
                </p>
              )}
              {notFiled && reassigning && (
                <Reassign
                  doc={d}
                  onCancel={() => setReassigning(false)}
                  onDone={(updated, p) => {
                    doc.setData({ ...d, ...updated });
                    setReassigning(false);
                    setMsg({ ok: true, text: `Reassigned to ${p.name} (MRN ${p.mrn}).` });
                  }}
                />
              )}
              {isFiled && (
                <div className="button-row">
                  <button type="button" onClick={() => setAmending('addendum')}>
                    Add addendum
                  </button>
                  <button type="button" onClick={() => setAmending('replacement')}>
                    Replace
                  </button>
                  <button type="button" className="danger" onClick={() => setRetracting(true)}>
                    Mark entered in error
                  </button>
                </div>
              )}
            </section>
          )}
          {canAct && d.status === 'ENTERED_IN_ERROR' && d.kind !== 'ADDENDUM' && (
            <section className="panel" aria-labelledby="doc-refile">
              <h2 id="doc-refile">Re-file</h2>
              <Refile
                doc={d}
                onDone={(created) =>
                  setMsg({
                    ok: true,
                    text: `The note is ready to file again as ${created.number} for ${created.patient.name}.`,
                    link: { href: `/records/documents/${created.id}`, label: 'Open it' },
                  })
                }
              />
            </section>
          )}
          {d.status === 'SUPERSEDED' && (
            <p className="notice">
              Superseded {fmtDateTime(d.supersededAt)} by a replacement. Amend the current version from the
              patient record.
            </p>
          )}

          {(isFiled || d.status === 'SUPERSEDED') && (
            <section className="panel" aria-labelledby="doc-deliveries">
              <h2 id="doc-deliveries">EHR delivery</h2>
              <DeliveryList doc={d} canRetry={canAct} onRetried={doc.reload} />
            </section>
          )}
          <section className="panel" aria-labelledby="doc-meta">
            <h2 id="doc-meta">Details</h2>
            <dl className="meta-list">
              <div>
                <dt>Patient</dt>
                <dd>
                  {d.patient.name} · MRN {d.patient.mrn}
                  {canAct && (
                    <>
                      {' '}
                      <Link href={`/records/patients?mrn=${encodeURIComponent(d.patient.mrn)}`}>
                        Patient record
                      </Link>
                    </>
                  )}
                </dd>
              </div>
              <div>
                <dt>Encounter</dt>
                <dd>
                  {d.encounter
                    ? [
                        d.encounter.visitNumber,
                        d.encounter.location,
                        d.encounter.date && fmtDateTime(d.encounter.date),
                      ]
                        .filter(Boolean)
                        .join(' · ')
                    : '—'}
                </dd>
              </div>
              <div>
                <dt>Work type</dt>
                <dd>
                  {d.workType.name}
                  {d.workType.loinc && <span className="muted"> · LOINC {d.workType.loinc}</span>}
                </dd>
              </div>
              <div>
                <dt>Author</dt>
                <dd>{d.author.displayName || d.author.username}</dd>
              </div>
              <div>
                <dt>Kind</dt>
                <dd>
                  {kindLabel(d.kind)}, version {d.version ?? 1}
                  {d.parentId && (
                    <>
                      {' '}
                      · <Link href={`/records/documents/${d.parentId}`}>amends the earlier version</Link>
                    </>
                  )}
                </dd>
              </div>
              <div>
                <dt>Finalized</dt>
                <dd>{fmtDateTime(d.finalizedAt) || '—'}</dd>
              </div>
              <div>
                <dt>Signed</dt>
                <dd>{fmtDateTime(d.signedAt) || '—'}</dd>
              </div>
              <div>
                <dt>Filed</dt>
                <dd>{fmtDateTime(d.filedAt) || '—'}</dd>
              </div>
              {d.lines && (
                <div>
                  <dt>Lines</dt>
                  <dd>
                    {d.lines.withSpaces} AHDI · {d.lines.visible} VBC
                  </dd>
                </div>
              )}
            </dl>
          </section>

          <Versions documentId={d.id} />

          <section className="panel" aria-labelledby="doc-exports">
            <h2 id="doc-exports">Downloads</h2>
            <div className="download-links">
              <a
                className="button small"
                href={recordsApi.exportUrl(d.id, 'pdf')}
                target="_blank"
                rel="noopener"
              >
                PDF
              </a>
              <a
                className="button small"
                href={recordsApi.exportUrl(d.id, 'fhir')}
                download={`${d.number}.fhir.json`}
                aria-label="FHIR DocumentReference (JSON)"
              >
                FHIR
              </a>
              <a
                className="button small"
                href={recordsApi.exportUrl(d.id, 'hl7')}
                download={`${d.number}.hl7`}
                aria-label="HL7 v2 MDM message"
              >
                HL7 v2
              </a>
            </div>
          </section>
        </aside>
      </div>

      <ConfirmDialog
        open={confirmFile}
        title={`File document ${d.number}?`}
        confirmLabel="File"
        busy={busy}
        onCancel={() => setConfirmFile(false)}
        onConfirm={() => void file()}
      >
        <p>
          It goes into the record of <strong>{d.patient.name}</strong> (MRN {d.patient.mrn}) and is delivered
          to the EHR. After filing, changes are addenda or replacements.
        </p>
      </ConfirmDialog>
      <RetractDialog
        key={retracting ? 'retract-open' : 'retract-closed'}
        open={retracting}
        doc={d}
        onClose={() => setRetracting(false)}
        onDone={() => {
          setRetracting(false);
          setMsg({
            ok: true,
            text: `Document ${d.number} marked entered in error; the EHR is told to withdraw it.`,
          });
          void doc.reload();
        }}
      />
      <AmendDialog
        key={amending ?? 'closed'}
        doc={d}
        kind={amending}
        byAuthor={false}
        onClose={() => setAmending(null)}
        onDone={(created, kind) => {
          setAmending(null);
          setMsg({
            ok: true,
            text: `${kind === 'addendum' ? 'Addendum' : 'Replacement'} ${created.number} filed and sent to the EHR.`,
            link: { href: `/records/documents/${created.id}`, label: 'Open it' },
          });
          void doc.reload();
        }}
      />
    </div>
  );
}

function BackLink() {
  return (
    <p className="back-link">
      <Link href="/records">← Filing queue</Link>
    </p>
  );
}

function Reassign({
  doc,
  onCancel,
  onDone,
}: {
  doc: DocumentDetail;
  onCancel: () => void;
  onDone: (d: Partial<DocumentDetail>, p: Patient) => void;
}) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const [encounter, setEncounter] = useState('');
  const save = useAction();

  const submit = save.submit(async () => {
    if (!patient) throw new Error('Choose the patient this note belongs to.');
    const updated = await recordsApi.reassign(doc.id, patient.mrn, encounter.trim() || undefined);
    onDone(updated, patient);
  });

  return (
    <form className="reassign" onSubmit={submit} aria-label="Reassign patient">
      <p className="small muted">
        Currently {doc.patient.name} (MRN {doc.patient.mrn}). The dictation moves with the note; both
        patients’ audit trails record the move.
      </p>
      <PatientPicker value={patient} onChange={setPatient} label="Correct patient" />
      <Field label="Encounter / visit number (optional)">
        <input value={encounter} onChange={(e) => setEncounter(e.target.value)} maxLength={64} />
      </Field>
      <ErrorNotice error={save.error} />
      <div className="button-row">
        <BusyButton busy={save.busy} disabled={!patient} label="Save patient" busyLabel="Saving…" />
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RetractDialog({
  open,
  doc,
  onClose,
  onDone,
}: {
  open: boolean;
  doc: DocumentDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const retract = useAction();
  const submit = retract.submit(async () => {
    await reviewApi.retract(doc.id, reason.trim());
    onDone();
  });
  return (
    <FormDialog
      open={open}
      title={`Mark ${doc.number} entered in error?`}
      onClose={onClose}
      onSubmit={submit}
      action={retract}
      disabled={!reason.trim()}
      danger
      label="Mark entered in error"
      busyLabel="Working…"
    >
      <p className="small muted">
        For a note filed under the wrong patient or filed by mistake. It (with its addenda) leaves the
        patient’s current documents, the EHR is told to withdraw it (HL7 T11, FHIR entered-in-error), and the
        dictation can be re-filed under the right patient. The note itself is kept.
      </p>
      <Field label="Reason">
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} required />
      </Field>
    </FormDialog>
  );
}

function Refile({ doc, onDone }: { doc: DocumentDetail; onDone: (created: DocumentDetail) => void }) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const refile = useAction();
  const submit = refile.submit(async () => {
    if (patient) onDone(await reviewApi.refile(doc.id, patient.mrn));
  });
  return (
    <form onSubmit={submit} aria-label="Re-file under the right patient">
      <p className="small muted">
        The note as a new document under the right patient, unsigned: signed by its author (where the note
        type needs it) and filed like any other.
      </p>
      <PatientPicker value={patient} onChange={setPatient} label="Right patient" />
      <ErrorNotice error={refile.error} />
      <BusyButton busy={refile.busy} disabled={!patient} label="Re-file" busyLabel="Working…" />
    </form>
  );
}

/** Every version of the note, and the difference between any two of them, with their reasons. */
function Versions({ documentId }: { documentId: string }) {
  const versions = useAsync(() => reviewApi.versions(documentId), [documentId]);
  const list = versions.data ?? [];
  const [from, setFrom] = useState<string>('');
  const [to, setTo] = useState<string>('');
  if (list.length < 2) return null;
  const a = list.find((v) => v.id === from) ?? list[list.length - 2]!;
  const b = list.find((v) => v.id === to) ?? list[list.length - 1]!;
  const label = (v: DocumentDetail) =>
    `${v.number} · v${v.version ?? 1} ${kindLabel(v.kind).toLowerCase()} · ${v.status.toLowerCase().replaceAll('_', ' ')}`;
  const options = list.map((v) => (
    <option key={v.id} value={v.id}>
      {label(v)}
    </option>
  ));
  return (
    <section className="panel" aria-labelledby="doc-versions">
      <h2 id="doc-versions">Versions</h2>
      <ul className="small">
        {list.map((v) => (
          <li key={v.id}>
            <Link href={`/records/documents/${v.id}`}>{v.number}</Link>{' '}
            {label(v).split(' · ').slice(1).join(' · ')}
            {v.reason && <> — {v.reason}</>}
            {v.retraction && <> — entered in error: {v.retraction.reason}</>}
          </li>
        ))}
      </ul>
      <div className="button-row">
        <Field label="Compare">
          <select value={a.id} onChange={(e) => setFrom(e.target.value)}>
            {options}
          </select>
        </Field>
        <Field label="with">
          <select value={b.id} onChange={(e) => setTo(e.target.value)}>
            {options}
          </select>
        </Field>
      </div>
      <DiffView before={a.text} after={b.text} label={`Changes from ${a.number} to ${b.number}`} />
    </section>
  );
}
