import { systemActor } from '@dictum/core/actor';
import { loadConfig } from '@dictum/core/infra/config';
import { createDb } from '@dictum/core/infra/db/client';
import { createUser } from '../services/admin/manage-users';

// Demo data for a first look: one user per role, a few patients. Refuses to run in production.
const config = loadConfig();
if (config.isProduction) {
  console.error('seed:demo refuses to run with NODE_ENV=production');
  process.exit(1);
}
const db = createDb(config.db.url, { max: 2 });
const actor = systemActor('seed-demo');
const password = 'dictum-demo-password';
const users = [
  { username: 'physician', role: 'PHYSICIAN', displayName: 'Dr. Maria Alvarez' },
  { username: 'physician2', role: 'PHYSICIAN', displayName: 'Dr. Samuel Okafor' },
  { username: 'transcriptionist', role: 'TRANSCRIPTIONIST', displayName: 'Jane Porter, CMT' },
  { username: 'records', role: 'RECORDS', displayName: 'Records Desk' },
  { username: 'admin', role: 'ADMIN', displayName: 'System Administrator' },
] as const;

for (const u of users) {
  const exists = await db.user.findUnique({ where: { username: u.username } });
  if (!exists) await createUser(db, actor, { ...u, password });
}
const patients = [
  { mrn: 'MRN1001', name: 'John Smith', birthDate: '1957-03-14', sex: 'male' },
  { mrn: 'MRN1002', name: 'Emily Chen', birthDate: '1984-11-02', sex: 'female' },
  { mrn: 'MRN1003', name: 'Robert Johnson', birthDate: '1949-07-21', sex: 'male' },
  { mrn: 'MRN1004', name: 'Aisha Patel', birthDate: '1992-01-30', sex: 'female' },
] as const;
for (const p of patients) {
  await db.patient.upsert({
    where: { mrn: p.mrn },
    create: { ...p, birthDate: new Date(`${p.birthDate}T00:00:00Z`) },
    update: {},
  });
}
const workTypes = await db.workType.findMany({
  select: { code: true, name: true, loinc: true, requiresSignature: true },
});
console.log('demo users (password for all: %s):', password);
for (const u of users) console.log(`  ${u.role.padEnd(17)} ${u.username}`);
console.log('demo patients:', patients.map((p) => p.mrn).join(', '));
console.log(
  'work types:',
  workTypes.map((w) => `${w.code} (${w.loinc}${w.requiresSignature ? ', signature' : ''})`).join(', '),
);
await db.$disconnect();
