import { useState } from 'react';
import { type DeliveryMessage, deliveriesApi } from '../../api/deliveries';
import { actionsColumn, type Column, DataTable } from '../../components/DataTable';
import { ErrorNotice, MessageNotice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
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
      <ErrorNotice error={targets.error} />
      {targets.data && targets.data.items.length === 0 ? <p>No EHR target is configured.</p> : null}
      {targets.data?.items.length ? (
        <DataTable
          caption="Targets"
          rows={targets.data.items}
          rowKey={(t) => t.name}
          rowProps={(t) => ({ 'aria-current': t.name === current ? 'true' : undefined })}
          columns={[
            {
              header: 'Target',
              rowHeader: true,
              cell: (t) => (
                <button type="button" className="link-button" onClick={() => setSelected(t.name)}>
                  {t.name}
                </button>
              ),
            },
            { header: 'Kind', cell: (t) => t.kind.toUpperCase() },
            { header: 'Waiting', cell: (t) => t.byStatus.PENDING },
            { header: 'Delivered', cell: (t) => t.byStatus.SENT },
            { header: 'Needs attention', cell: (t) => t.needsAttention },
            {
              header: 'Failing since',
              cell: (t) => (t.failingSince ? new Date(t.failingSince).toLocaleString() : '–'),
            },
            { header: 'Status', cell: (t) => (t.alert ? <strong>Alert</strong> : 'OK') },
          ]}
        />
      ) : null}
      {current ? <MessageLog key={current} target={current} onChange={() => void targets.reload()} /> : null}
    </div>
  );
}

/** A raw HL7 or FHIR message as it went over the wire (segments one per line). */
function RawMessage({ text }: { text: string }) {
  return (
    <pre
      className="raw-message"
      style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: '20rem', overflow: 'auto' }}
    >
      {text.replaceAll('\r', '\n')}
    </pre>
  );
}

function MessageLog({ target, onChange }: { target: string; onChange: () => void }) {
  const log = useAsync(() => deliveriesApi.messages(target), [target], 30_000);
  const [open, setOpen] = useState<string | null>(null);
  const act = useAction();

  function resend(m: DeliveryMessage) {
    return act.run(
      async () => {
        await deliveriesApi.resend(m.deliveryId);
        return `Document ${m.documentNumber} is queued to be sent again.`;
      },
      {
        key: m.id,
        reload: async () => {
          await log.reload();
          onChange();
        },
      },
    );
  }

  const columns: Column<DeliveryMessage>[] = [
    { header: 'Sent', cell: (m) => new Date(m.sentAt).toLocaleString() },
    { header: 'Document', cell: (m) => m.documentNumber },
    { header: 'Event', cell: (m) => m.event },
    { header: 'Answer', cell: (m) => `${m.ackCode ?? '–'} (${m.outcome.toLowerCase()})` },
    {
      header: 'Receiver says',
      cell: (m) => (
        <>
          {m.ackText ? <div>{m.ackText}</div> : null}
          {m.errors.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: issues have no id; order is stable
            <div key={i}>
              <code>{e.code}</code>
              {e.location ? ` at ${e.location}` : ''}
              {e.text ? `: ${e.text}` : ''}
            </div>
          ))}
          <button type="button" className="link-button" onClick={() => setOpen(open === m.id ? null : m.id)}>
            {open === m.id ? 'Hide message' : 'Show message'}
          </button>
          {open === m.id ? (
            <div>
              <h3>Sent</h3>
              <RawMessage text={m.request} />
              <h3>Answer</h3>
              <RawMessage text={m.response ?? '–'} />
            </div>
          ) : null}
        </>
      ),
    },
    { header: 'Delivery', cell: (m) => m.deliveryStatus },
    actionsColumn((m) =>
      m.deliveryStatus !== 'PENDING' ? (
        <button type="button" disabled={act.isBusy(m.id)} onClick={() => void resend(m)}>
          Resend
        </button>
      ) : null,
    ),
  ];

  return (
    <section aria-label={`Message log of ${target}`}>
      <h2>Message log: {target}</h2>
      <MessageNotice message={act.message} />
      <ErrorNotice error={log.error} />
      {log.data && log.data.items.length === 0 ? <p>Nothing sent yet.</p> : null}
      {log.data?.items.length ? (
        <DataTable columns={columns} rows={log.data.items} rowKey={(m) => m.id} />
      ) : null}
    </section>
  );
}
