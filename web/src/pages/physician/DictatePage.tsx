import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage, type UploadHandle } from '../../api/client';
import type { Patient, Priority, WorkType } from '../../api/types';
import { useUser } from '../../auth/session';
import { RadioOptions } from '../../components/Field';
import { Link } from '../../components/Link';
import { PatientPicker } from '../../components/PatientPicker';
import { useAsync } from '../../components/useAsync';
import { fmtBytes, fmtClock, uuid } from '../../lib/format';
import { outbox, outboxErrorText } from '../../recording/outbox';
import { type OutboxRecording, type RecordingMeta, saveMeta } from '../../recording/outboxStore';
import { EncounterSelect } from './EncounterSelect';
import { OutboxPanel } from './OutboxPanel';
import { Recorder } from './Recorder';
import { ScanPatient } from './ScanPatient';

interface Meta {
  patient: Patient | null;
  encounter?: string;
  workType: string;
  priority: Priority;
}

interface QueuedFile {
  key: string;
  file: File;
  meta: Meta;
  progress: number;
  state: 'ready' | 'uploading' | 'done' | 'error';
  error?: string;
  dictationId?: string;
  handle?: UploadHandle;
  idempotencyKey: string;
}

const ACCEPT =
  'audio/*,.wav,.mp3,.m4a,.aac,.ogg,.opus,.webm,.flac,.amr,.wma,.aif,.aiff,.caf,.dss,.ds2,video/webm';

export function DictatePage() {
  const user = useUser();
  const workTypes = useAsync(() => api.workTypes(), []);
  const [meta, setMeta] = useState<Meta>({ patient: null, workType: '', priority: 'ROUTINE' });
  /** The recording open in the recorder (it lives in the device's outbox until sent). */
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [recording, setRecording] = useState<OutboxRecording | null>(null);
  const [recorderBusy, setRecorderBusy] = useState(false);
  const [sendState, setSendState] = useState<{
    busy: boolean;
    error?: string;
    doneId?: string;
    queued?: boolean;
  }>({
    busy: false,
  });
  /** Bumped after a recording is sent, so the recorder starts fresh. */
  const [recorderKey, setRecorderKey] = useState(0);
  const [files, setFiles] = useState<QueuedFile[]>([]);
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const wts = workTypes.data ?? [];
  useEffect(() => {
    if (!meta.workType && wts.length) {
      const def = wts.find((w) => /progress/i.test(w.name)) ?? wts[0]!;
      setMeta((m) => ({ ...m, workType: def.code }));
    }
  }, [wts, meta.workType]);

  const metaError = !meta.patient
    ? 'Choose the patient first.'
    : !meta.workType
      ? 'Choose a work type.'
      : null;

  const recordingMeta: RecordingMeta = {
    patient: meta.patient ? { mrn: meta.patient.mrn, name: meta.patient.name } : null,
    encounter: meta.encounter,
    workType: meta.workType,
    workTypeName: wts.find((w) => w.code === meta.workType)?.name,
    priority: meta.priority,
  };
  const hasAudio = !!recording && recording.takes.some((t) => t.chunks > 0);

  const onRecorderChange = useCallback((rec: OutboxRecording | null, busy: boolean) => {
    setRecording(rec);
    setRecorderBusy(busy);
  }, []);

  async function sendRecording() {
    const id = currentId;
    if (!id || !hasAudio || metaError || recorderBusy) return;
    setSendState({ busy: true });
    await saveMeta(id, recordingMeta);
    // From here the outbox owns it: sent now, or when the network is back.
    setCurrentId(null);
    setRecorderKey((k) => k + 1);
    const res = await outbox.send(id);
    if (res.ok) setSendState({ busy: false, doneId: res.dictationId });
    else if (res.retrying)
      setSendState({ busy: false, queued: true, error: outboxErrorText(res.code) ?? undefined });
    else setSendState({ busy: false, error: outboxErrorText(res.code) ?? res.code });
  }

  /** The device's send button acts on the page as it is when pressed (after its take is stored). */
  const sendLatest = useRef(sendRecording);
  sendLatest.current = sendRecording;

  function openFromOutbox(r: OutboxRecording) {
    setSendState({ busy: false });
    setMeta((m) => ({
      patient: r.meta.patient
        ? { mrn: r.meta.patient.mrn, name: r.meta.patient.name, birthDate: '', sex: 'unknown' }
        : null,
      encounter: r.meta.encounter,
      workType: r.meta.workType || m.workType,
      priority: r.meta.priority,
    }));
    setCurrentId(r.id);
    setRecorderKey((k) => k + 1);
  }

  function addFiles(list: FileList | File[]) {
    const added: QueuedFile[] = Array.from(list).map((file) => ({
      key: uuid(),
      file,
      meta: { ...meta },
      progress: 0,
      state: 'ready',
      idempotencyKey: uuid(),
    }));
    setFiles((f) => [...f, ...added]);
  }

  function updateFile(key: string, patch: Partial<QueuedFile>) {
    setFiles((fs) => fs.map((f) => (f.key === key ? { ...f, ...patch } : f)));
  }

  async function uploadOne(f: QueuedFile) {
    if (!f.meta.patient || !f.meta.workType) {
      updateFile(f.key, { state: 'error', error: 'Choose a patient and work type for this file.' });
      return;
    }
    const handle = api.uploadDictation(
      {
        patientMrn: f.meta.patient.mrn,
        workType: f.meta.workType,
        priority: f.meta.priority,
        dictatedAt: new Date(f.file.lastModified || Date.now()).toISOString(),
      },
      f.file,
      f.file.name,
      (p) => updateFile(f.key, { progress: p }),
      f.idempotencyKey,
    );
    updateFile(f.key, { state: 'uploading', progress: 0, handle, error: undefined });
    try {
      const res = await handle.promise;
      updateFile(f.key, { state: 'done', progress: 1, dictationId: res.id, handle: undefined });
    } catch (e) {
      const msg =
        e instanceof ApiError && e.status === 415
          ? 'Not a supported audio file.'
          : e instanceof ApiError && e.status === 413
            ? 'The file is too large.'
            : errorMessage(e);
      updateFile(f.key, { state: 'error', error: msg, handle: undefined });
    }
  }

  async function uploadAll() {
    const todo = files.filter((f) => f.state === 'ready' || f.state === 'error');
    // Two at a time: keeps the link busy without starving the page.
    let i = 0;
    const worker = async () => {
      while (i < todo.length) await uploadOne(todo[i++]!);
    };
    await Promise.all([worker(), worker()]);
  }

  const pending = files.filter((f) => f.state === 'ready' || f.state === 'error').length;

  return (
    <div className="page dictate-page">
      <h1>New dictation</h1>
      <section className="panel meta-panel" aria-label="Dictation details">
        <div className="patient-field">
          <PatientPicker
            value={meta.patient}
            onChange={(p) => setMeta((m) => ({ ...m, patient: p, encounter: undefined }))}
            id="dictate-patient"
          />
          {!meta.patient && (
            <ScanPatient onPatient={(p) => setMeta((m) => ({ ...m, patient: p, encounter: undefined }))} />
          )}
        </div>
        <EncounterSelect
          mrn={meta.patient?.mrn ?? null}
          value={meta.encounter ?? ''}
          onChange={(encounter) => setMeta((m) => ({ ...m, encounter: encounter || undefined }))}
        />
        <WorkTypeSelect
          id="dictate-worktype"
          workTypes={wts}
          value={meta.workType}
          onChange={(workType) => setMeta((m) => ({ ...m, workType }))}
        />
        <PrioritySelect value={meta.priority} onChange={(priority) => setMeta((m) => ({ ...m, priority }))} />
      </section>

      <div className="dictate-grid">
        <div>
          <Recorder
            key={recorderKey}
            userId={user.id}
            meta={recordingMeta}
            recordingId={currentId}
            onOpen={setCurrentId}
            onChange={onRecorderChange}
            onSendRequest={() => void sendLatest.current()}
            disabled={sendState.busy}
          />
          {hasAudio && recording && !recorderBusy && (
            <div className="panel send-panel">
              <p>
                Recording of {fmtClock(recording.durationSec)} ready
                {meta.patient ? (
                  <>
                    {' '}
                    for <strong>{meta.patient.name}</strong>
                  </>
                ) : null}
                . It is kept on this device until it is sent.
              </p>
              {metaError && <p className="warn">{metaError}</p>}
              <button
                type="button"
                className="primary"
                onClick={() => void sendRecording()}
                disabled={!!metaError || sendState.busy}
              >
                {sendState.busy ? 'Sending…' : 'Send dictation'}
              </button>
            </div>
          )}
          {sendState.busy && (
            <p className="muted" role="status">
              Sending the recording…
            </p>
          )}
          {sendState.queued && (
            <p className="warn" role="status">
              {sendState.error ?? 'Not sent yet.'} The recording waits in the outbox below.
            </p>
          )}
          {sendState.error && !sendState.queued && (
            <p className="error" role="alert">
              Sending failed: {sendState.error} The recording is kept in the outbox below.
            </p>
          )}
          {sendState.doneId && !hasAudio && (
            <p className="ok" role="status">
              Dictation sent. Follow it in <Link href="/my">My dictations</Link>.
            </p>
          )}
          <OutboxPanel
            userId={user.id}
            exclude={currentId}
            onOpen={openFromOutbox}
            canOpen={!recorderBusy && !hasAudio}
          />
        </div>

        <section className="panel upload-panel" aria-labelledby="upload-title">
          <h2 id="upload-title">Upload recorder files</h2>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping files is a mouse shortcut; "Choose files…" is the accessible way */}
          <div
            className={`dropzone ${dragging ? 'dragging' : ''}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragging(false);
              if (e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
            }}
          >
            <p>Drop audio files here, or</p>
            <button type="button" onClick={() => fileInput.current?.click()}>
              Choose files…
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              accept={ACCEPT}
              className="sr-only"
              aria-label="Audio files to upload"
              tabIndex={-1}
              onChange={(e) => {
                if (e.target.files?.length) addFiles(e.target.files);
                e.target.value = '';
              }}
            />
            <p className="muted small">
              New files use the patient, work type and priority chosen above; change them per file below.
            </p>
          </div>
          {files.length > 0 && (
            <ul className="upload-list" aria-label="Files to upload">
              {files.map((f) => (
                <li key={f.key} className={`upload-item ${f.state}`}>
                  <div className="upload-head">
                    <span className="filename" title={f.file.name}>
                      {f.file.name}
                    </span>
                    <span className="muted small">{fmtBytes(f.file.size)}</span>
                    {f.state === 'ready' || f.state === 'error' ? (
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Remove ${f.file.name}`}
                        onClick={() => setFiles((fs) => fs.filter((x) => x.key !== f.key))}
                      >
                        Remove
                      </button>
                    ) : f.state === 'uploading' ? (
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Cancel upload of ${f.file.name}`}
                        onClick={() => f.handle?.abort()}
                      >
                        Cancel
                      </button>
                    ) : null}
                  </div>
                  {(f.state === 'ready' || f.state === 'error') && (
                    <div className="upload-meta">
                      <PatientPicker
                        compact
                        label={`Patient for ${f.file.name}`}
                        value={f.meta.patient}
                        onChange={(p) => updateFile(f.key, { meta: { ...f.meta, patient: p } })}
                      />
                      <WorkTypeSelect
                        compact
                        workTypes={wts}
                        value={f.meta.workType}
                        label={`Work type for ${f.file.name}`}
                        onChange={(workType) => updateFile(f.key, { meta: { ...f.meta, workType } })}
                      />
                      <select
                        aria-label={`Priority for ${f.file.name}`}
                        value={f.meta.priority}
                        onChange={(e) =>
                          updateFile(f.key, { meta: { ...f.meta, priority: e.target.value as Priority } })
                        }
                      >
                        <option value="ROUTINE">Routine</option>
                        <option value="STAT">STAT</option>
                      </select>
                    </div>
                  )}
                  {(f.state === 'uploading' || f.state === 'done') && (
                    <Progress value={f.progress} label={`Upload of ${f.file.name}`} />
                  )}
                  {f.state === 'done' && <p className="ok small">Uploaded for {f.meta.patient?.name}.</p>}
                  {f.error && (
                    <p className="error small" role="alert">
                      {f.error}
                    </p>
                  )}
                </li>
              ))}
            </ul>
          )}
          {pending > 0 && (
            <button type="button" className="primary" onClick={() => void uploadAll()}>
              Upload {pending === 1 ? '1 file' : `${pending} files`}
            </button>
          )}
        </section>
      </div>
    </div>
  );
}

export function WorkTypeSelect({
  workTypes,
  value,
  onChange,
  compact,
  label = 'Work type',
  id,
}: {
  workTypes: WorkType[];
  value: string;
  onChange: (code: string) => void;
  compact?: boolean;
  label?: string;
  id?: string;
}) {
  const select = (
    <select
      id={id}
      aria-label={compact ? label : undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      {!value && <option value="">Choose…</option>}
      {workTypes.map((w) => (
        <option key={w.code} value={w.code}>
          {w.name}
        </option>
      ))}
    </select>
  );
  if (compact) return select;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {select}
    </div>
  );
}

const PRIORITIES: { value: Priority; label: string }[] = [
  { value: 'ROUTINE', label: 'Routine' },
  { value: 'STAT', label: 'STAT' },
];

function PrioritySelect({ value, onChange }: { value: Priority; onChange: (p: Priority) => void }) {
  return (
    <fieldset className="field priority">
      <legend className="field-label">Priority</legend>
      <RadioOptions name="priority" value={value} options={PRIORITIES} onChange={onChange} />
    </fieldset>
  );
}

export function Progress({ value, label }: { value: number; label: string }) {
  const pct = Math.round(value * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
      <span className="progress-text">{pct}%</span>
    </div>
  );
}
