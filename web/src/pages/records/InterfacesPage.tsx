import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { type DeliveryMessage, deliveriesApi } from '../../api/deliveries';
import { useAsync } from '../../components/useAsync';

/**
 * The EHR interfaces as an interface engineer watches them: each target with its queue and alert,
 * and a target's message log (what was sent, the ACK or HTTP response, MSA-3, ERR segments or
 * OperationOutcome issues), with resend for a delivered or stopped message.
 */
export function InterfacesPage() {
  const targets = useAsync(() => deliveriesApi.targets(), [], 30_000);
  const [selected, setSelected] = useState<string | null>(null);
  const current = selected ?? targets.data?.items[0]?.name ?? null;
  return (
    <div className="page">
      <h1>EHR interfaces</h1>
      {targets.error ? <p role="alert">{errorMessage(targets.error)}</p> : null}
      {targets.data && targets.data.items.length === 0 ? <p>No EHR target is configured.</p> : null}
      {targets.data?.items.length ? (
        <table className="table">
          <caption className="sr-only">Targets</caption>
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col">Kind</th>
              <th scope="col">Waiting</th>
              <th scope="col">Delivered</th>
              <th scope="col">Needs attention</th>
              <th scope="col">Failing since</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {targets.data.items.map((t) => (
              <tr key={t.name} aria-current={t.name === current ? 'true' : undefined}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => setSelected(t.name)}>
                    {t.name}
                  </button>
                </th>
                <td>{t.kind.toUpperCase()}</td>
                <td>{t.byStatus.PENDING}</td>
                <td>{t.byStatus.SENT}</td>
                <td>{t.needsAttention}</td>
                <td>{t.failingSince ? new Date(t.failingSince).toLocaleString() : '–'}</td>
                <td>{t.alert ? <strong>Alert</strong> : 'OK'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {current ? <MessageLog key={current} target={current} onChange={() => void targets.reload()} /> : null}
    </div>
  );
}

function MessageLog({ target, onChange }: { target: string; onChange: () => void }) {
  const log = useAsync(() => deliveriesApi.messages(target), [target], 30_000);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function resend(m: DeliveryMessage) {
    setBusy(m.id);
    setNotice(null);
    try {
      await deliveriesApi.resend(m.deliveryId);
      setNotice(`Document ${m.documentNumber} is queued to be sent again.`);
      await log.reload();
      onChange();
    } catch (e) {
      setNotice(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section aria-label={`Message log of ${target}`}>
      <h2>Message log: {target}</h2>
      {notice ? <p role="status">{notice}</p> : null}
      {log.error ? <p role="alert">{errorMessage(log.error)}</p> : null}
      {log.data && log.data.items.length === 0 ? <p>Nothing sent yet.</p> : null}
      {log.data?.items.length ? (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Sent</th>
              <th scope="col">Document</th>
              <th scope="col">Event</th>
              <th scope="col">Answer</th>
              <th scope="col">Receiver says</th>
              <th scope="col">Delivery</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {log.data.items.map((m) => (
              <tr key={m.id}>
                <td>{new Date(m.sentAt).toLocaleString()}</td>
                <td>{m.documentNumber}</td>
                <td>{m.event}</td>
                <td>
                  {m.ackCode ?? '–'} ({m.outcome.toLowerCase()})
                </td>
                <td>
                  {m.ackText ? <div>{m.ackText}</div> : null}
                  {m.errors.map((e, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: issues have no id; order is stable
                    <div key={i}>
                      <code>{e.code}</code>
                      {e.location ? ` at ${e.location}` : ''}
                      {e.text ? `: ${e.text}` : ''}
                    </div>
                  ))}
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => setOpen(open === m.id ? null : m.id)}
                  >
                    {open === m.id ? 'Hide message' : 'Show message'}
                  </button>
                  {open === m.id ? (
                    <div>
                      <h3>Sent</h3>
                      <pre
                        className="raw-message"
                        style={{
                          whiteSpace: 'pre-wrap',
                          overflowWrap: 'anywhere',
                          maxHeight: '20rem',
                          overflow: 'auto',
                        }}
                      >
                        {m.request.replaceAll('\r', '\n')}
                      </pre>
                      <h3>Answer</h3>
                      <pre
                        className="raw-message"
                        style={{
                          whiteSpace: 'pre-wrap',
                          overflowWrap: 'anywhere',
                          maxHeight: '20rem',
                          overflow: 'auto',
                        }}
                      >
                        {(m.response ?? '–').replaceAll('\r', '\n')}
                      </pre>
                    </div>
                  ) : null}
                </td>
                <td>{m.deliveryStatus}</td>
                <td>
                  {m.deliveryStatus !== 'PENDING' ? (
                    <button type="button" disabled={busy === m.id} onClick={() => void resend(m)}>
                      Resend
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
