import { useState } from 'react';
import { adminApi } from '../../api/admin';
import type { WorkType } from '../../api/types';
import { actionsColumn, type Column, LoadedTable, RowButton } from '../../components/DataTable';
import { Checkbox, Field, FormEnd, InputFields, type InputSpec, useForm } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../components/useAction';
import { useAsync } from '../../components/useAsync';
import { type EditField, EditFieldsDialog } from './EditFieldsDialog';

const EMPTY = {
  code: '',
  name: '',
  loinc: '',
  requiresSignature: false,
  stat: '4',
  routine: '24',
  template: '',
};

const WORK_TYPE_FIELDS: InputSpec<'code' | 'name' | 'loinc'>[] = [
  {
    name: 'code',
    label: 'Code',
    required: true,
    maxLength: 32,
    pattern: '[A-Za-z0-9_\\-]+',
    title: 'Letters, digits, _ and -',
    size: 12,
  },
  { name: 'name', label: 'Name', required: true, maxLength: 200 },
  {
    name: 'loinc',
    label: 'LOINC document type',
    required: true,
    placeholder: 'e.g. 11506-3',
    pattern: '\\d{1,7}-\\d',
    title: 'A LOINC code such as 11506-3',
    size: 10,
  },
];

function editFields(w: WorkType): EditField[] {
  return [
    { name: 'name', label: 'Name', value: w.name },
    { name: 'loinc', label: 'LOINC code', value: w.loinc },
    { name: 'requiresSignature', label: 'The author signs', kind: 'checkbox', value: w.requiresSignature },
    { name: 'STAT', label: 'Turnaround STAT (hours)', kind: 'number', value: String(w.tatHours.STAT) },
    {
      name: 'ROUTINE',
      label: 'Turnaround routine (hours)',
      kind: 'number',
      value: String(w.tatHours.ROUTINE),
    },
    {
      name: 'template',
      label: 'Template headings (one per line)',
      kind: 'textarea',
      value: w.template ?? '',
    },
  ];
}

/** GET/POST /work-types: code, name, LOINC document type, signature requirement, TAT, headings. */
export function WorkTypesPage() {
  const list = useAsync(() => adminApi.workTypes(), []);
  const { form, setForm, set } = useForm(EMPTY);
  const create = useAction();
  const [editing, setEditing] = useState<{ code: string; fields: EditField[] } | null>(null);

  const submit = create.submit(
    async () => {
      const template = form.template
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join('\n');
      const w = await adminApi.createWorkType({
        code: form.code.trim(),
        name: form.name.trim(),
        loinc: form.loinc.trim(),
        requiresSignature: form.requiresSignature,
        tatHours: { STAT: Number(form.stat), ROUTINE: Number(form.routine) },
        template: template || null,
      });
      setForm(EMPTY);
      return `Work type ${w.name} (${w.code}) created.`;
    },
    { reload: list.reload },
  );

  const columns: Column<WorkType>[] = [
    { header: 'Code', cell: (w) => <code>{w.code}</code> },
    { header: 'Name', cell: (w) => w.name },
    { header: 'LOINC', cell: (w) => w.loinc },
    { header: 'Author signature', cell: (w) => (w.requiresSignature ? 'Required' : 'Not required') },
    { header: 'TAT STAT', className: 'num', cell: (w) => `${w.tatHours.STAT} h` },
    { header: 'TAT routine', className: 'num', cell: (w) => `${w.tatHours.ROUTINE} h` },
    {
      header: 'Template headings',
      cellClassName: 'headings small',
      cell: (w) => (w.template ? w.template.split('\n').join(' · ') : ''),
    },
    actionsColumn((w) => (
      <RowButton label={`Edit ${w.name}`} onClick={() => setEditing({ code: w.code, fields: editFields(w) })}>
        Edit
      </RowButton>
    )),
  ];

  return (
    <>
      <h1>Work types</h1>
      <Notice kind="ok">{create.done}</Notice>
      <LoadedTable wrap label="Work types" columns={columns} list={list} rowKey={(w) => w.code} />

      <EditFieldsDialog
        title={`Edit work type ${editing?.code ?? ''}`}
        fields={editing?.fields ?? null}
        onClose={() => setEditing(null)}
        onSave={async (c) => {
          if (!editing) return;
          const tat = {
            ...(c.STAT !== undefined ? { STAT: Number(c.STAT) } : {}),
            ...(c.ROUTINE !== undefined ? { ROUTINE: Number(c.ROUTINE) } : {}),
          };
          await adminApi.updateWorkType(editing.code, {
            ...(typeof c.name === 'string' ? { name: c.name.trim() } : {}),
            ...(typeof c.loinc === 'string' ? { loinc: c.loinc.trim() } : {}),
            ...(typeof c.requiresSignature === 'boolean' ? { requiresSignature: c.requiresSignature } : {}),
            ...(Object.keys(tat).length ? { tatHours: tat } : {}),
            ...(typeof c.template === 'string' ? { template: c.template.trim() || null } : {}),
          });
          create.announce(`Work type ${editing.code} saved.`);
          setEditing(null);
          await list.reload();
        }}
      />

      <section className="panel section-gap" aria-labelledby="new-wt-title">
        <h2 id="new-wt-title">New work type</h2>
        <form onSubmit={submit}>
          <div className="form-row">
            <InputFields fields={WORK_TYPE_FIELDS} form={form} set={set} />
            <Field label="TAT STAT (hours)">
              <HoursInput max={720} value={form.stat} onChange={set('stat')} />
            </Field>
            <Field label="TAT routine (hours)">
              <HoursInput max={2160} value={form.routine} onChange={set('routine')} />
            </Field>
            <Checkbox
              className="checkbox"
              checked={form.requiresSignature}
              onChange={(requiresSignature) => setForm({ ...form, requiresSignature })}
            >
              Author signature required before filing
            </Checkbox>
          </div>
          <Field label="Template headings (one per line)" className="section-gap">
            <textarea
              rows={4}
              value={form.template}
              onChange={set('template')}
              placeholder={'HISTORY OF PRESENT ILLNESS\nASSESSMENT\nPLAN'}
            />
          </Field>
          <FormEnd action={create} label="Create work type" busyLabel="Creating…" />
        </form>
      </section>
    </>
  );
}

function HoursInput({
  max,
  value,
  onChange,
}: {
  max: number;
  value: string;
  onChange: (e: { target: { value: string } }) => void;
}) {
  return (
    <input type="number" min={1} max={max} value={value} onChange={onChange} required className="narrow" />
  );
}
