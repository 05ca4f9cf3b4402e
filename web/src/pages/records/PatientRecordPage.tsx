import { ApiError, errorMessage } from '../../api/client';
import { recordsApi } from '../../api/records';
import type { DocumentDetail } from '../../api/types';
import { LoadMore } from '../../components/DataTable';
import { Link } from '../../components/Link';
import { ErrorNotice } from '../../components/Notice';
import { PageHead } from '../../components/PageHead';
import { PatientPicker } from '../../components/PatientPicker';
import { StatusBadge } from '../../components/StatusBadge';
import { useAsync } from '../../components/useAsync';
import { usePagedList } from '../../components/usePagedList';
import { fmtDateTime } from '../../lib/format';
import { navigate, useSearch } from '../../lib/router';
import { kindLabel } from './FilingQueuePage';

/** One note as the chart shows it: its versions (original, replacements), newest first, each with its addenda. */
interface NoteThread {
  versions: DocumentDetail[];
  addenda: Map<string, DocumentDetail[]>;
  latestAt: string;
}

/**
 * Groups the chart's documents: replacements chain to the version they replace, addenda hang under
 * the version they amend. A document whose parent is not in the list starts a thread of its own.
 */
export function threads(docs: DocumentDetail[]): NoteThread[] {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const childrenOf = (id: string, kind: string) =>
    docs
      .filter((d) => d.parentId === id && d.kind === kind)
      .sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
  const rootOf = (d: DocumentDetail): DocumentDetail => {
    let cur = d;
    const seen = new Set<string>();
    while (cur.kind !== 'ADDENDUM' && cur.parentId && byId.has(cur.parentId) && !seen.has(cur.id)) {
      seen.add(cur.id);
      const parent = byId.get(cur.parentId)!;
      if (parent.kind === 'ADDENDUM') break;
      cur = parent;
    }
    return cur;
  };
  const roots = docs.filter((d) => d.kind !== 'ADDENDUM' && rootOf(d) === d);
  // Addenda whose parent is not shown still appear, as threads of their own.
  const orphanAddenda = docs.filter((d) => d.kind === 'ADDENDUM' && !(d.parentId && byId.has(d.parentId)));
  const out: NoteThread[] = [];
  for (const root of [...roots, ...orphanAddenda]) {
    const versions: DocumentDetail[] = [root];
    if (root.kind !== 'ADDENDUM') {
      let cur = root;
      for (;;) {
        const next = childrenOf(cur.id, 'REPLACEMENT')[0];
        if (!next || versions.includes(next)) break;
        versions.push(next);
        cur = next;
      }
    }
    // Addenda of a version, and addenda of those addenda, in filing order.
    const addendaOf = (id: string, depth = 0): DocumentDetail[] =>
      depth > 20 ? [] : childrenOf(id, 'ADDENDUM').flatMap((a) => [a, ...addendaOf(a.id, depth + 1)]);
    // Every addendum stays with the current version (the last one), whichever version it was written
    // to: an addendum made before a replacement is never hidden under a superseded version.
    const addenda = new Map<string, DocumentDetail[]>();
    const current = versions[versions.length - 1]!;
    addenda.set(
      current.id,
      versions
        .flatMap((v) => addendaOf(v.id))
        .sort((a, b) => (a.filedAt ?? a.finalizedAt ?? '').localeCompare(b.filedAt ?? b.finalizedAt ?? '')),
    );
    const all = [...versions, ...[...addenda.values()].flat()];
    const latestAt =
      all
        .map((x) => x.filedAt ?? x.finalizedAt ?? '')
        .sort()
        .at(-1) ?? '';
    out.push({ versions: versions.reverse(), addenda, latestAt });
  }
  return out.sort((a, b) => b.latestAt.localeCompare(a.latestAt));
}

/** The chart's load failed: an unknown MRN in words, anything else as the server said it. */
function chartError(e: unknown): string | null {
  if (!e) return null;
  return e instanceof ApiError && e.status === 404 ? 'No patient has this MRN.' : errorMessage(e);
}

const NO_DOCUMENTS = { items: [] as DocumentDetail[], nextCursor: null };

export function PatientRecordPage() {
  const mrn = useSearch().get('mrn') ?? '';
  const info = useAsync(() => (mrn ? recordsApi.patient(mrn) : Promise.resolve(null)), [mrn]);
  // The previous patient's banner must not stand over this patient's (empty, loading) chart.
  const patient = info.data?.mrn === mrn ? info.data : null;
  const chart = usePagedList(
    (cursor) => (mrn ? recordsApi.patientDocuments(mrn, cursor) : Promise.resolve(NO_DOCUMENTS)),
    [mrn],
  );
  const docs = chart.items;
  const loading = chart.loading;

  const list = threads(docs);
  return (
    <div className="page">
      <PageHead
        title="Patient record"
        actions={
          <Link className="button" href="/records/patients/new">
            New patient
          </Link>
        }
      />
      <div className="panel">
        <PatientPicker
          label="Find patient"
          value={null}
          onChange={(p) => p && navigate(`/records/patients?mrn=${encodeURIComponent(p.mrn)}`)}
        />
      </div>
      <ErrorNotice error={chartError(info.error ?? chart.error)} />
      {patient && (
        <section aria-labelledby="chart-title">
          <div className="patient-banner">
            <h2 id="chart-title">{patient.name}</h2>
            <span>MRN {patient.mrn}</span>
            <span>Born {patient.birthDate}</span>
            <span>{patient.sex}</span>
            <span className="spacer" />
            <span className="muted" aria-live="polite">
              {loading
                ? 'Loading…'
                : `${list.length} note${list.length === 1 ? '' : 's'}, ${docs.length} document${docs.length === 1 ? '' : 's'}`}
            </span>
          </div>
          {!loading && list.length === 0 && <p className="muted">No filed notes for this patient.</p>}
          <ol className="chart">
            {list.map((t) => (
              <li key={t.versions.at(-1)!.id} className="note-thread">
                <h3>
                  {t.versions[0]!.workType.name}{' '}
                  <span className="muted small">
                    {t.versions[0]!.author.displayName || t.versions[0]!.author.username} ·{' '}
                    {fmtDateTime(t.versions.at(-1)!.finalizedAt)}
                  </span>
                </h3>
                {t.versions.map((v, i) => (
                  <VersionItem
                    key={v.id}
                    doc={v}
                    current={i === 0}
                    versionCount={t.versions.length}
                    addenda={t.addenda.get(v.id) ?? []}
                  />
                ))}
              </li>
            ))}
          </ol>
          <LoadMore list={chart} label="Load older notes" />
        </section>
      )}
    </div>
  );
}

function VersionItem({
  doc,
  current,
  versionCount,
  addenda,
}: {
  doc: DocumentDetail;
  current: boolean;
  versionCount: number;
  addenda: DocumentDetail[];
}) {
  const superseded = doc.status === 'SUPERSEDED';
  return (
    <article
      className={`note-version ${superseded ? 'superseded' : ''}`}
      aria-label={`${kindLabel(doc.kind)} ${doc.number}${superseded ? ', superseded' : ''}`}
    >
      <details open={!superseded}>
        <summary>
          <Link href={`/records/documents/${doc.id}`}>{doc.number}</Link>{' '}
          {versionCount > 1 && <span className="badge">Version {doc.version ?? 1}</span>}
          {doc.kind !== 'ORIGINAL' && <span className="badge kind">{kindLabel(doc.kind)}</span>}
          {superseded ? (
            <span className="badge superseded-badge">Superseded</span>
          ) : (
            <StatusBadge status={doc.status} />
          )}
          {current && versionCount > 1 && <span className="badge status-filed">Current</span>}
          <span className="muted small"> filed {fmtDateTime(doc.filedAt)}</span>
        </summary>
        {doc.reason && <p className="small">Reason: {doc.reason}</p>}
        <div className="note-text">{doc.text}</div>
      </details>
      {addenda.length > 0 && (
        <ul className="addenda" aria-label={`Addenda to ${doc.number}`}>
          {addenda.map((a) => (
            <li key={a.id} className="addendum">
              <div className="addendum-head">
                <span className="badge kind">Addendum</span>{' '}
                <Link href={`/records/documents/${a.id}`}>{a.number}</Link>{' '}
                <span className="muted small">filed {fmtDateTime(a.filedAt)}</span>
                {a.completion?.signaturePending && <span className="badge">Awaiting signature</span>}
                {a.reason && <div className="small">Reason: {a.reason}</div>}
              </div>
              <div className="note-text">{a.text}</div>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
