// What the admin reports validate and answer: the REST contract (contracts/src/reports.ts).
export * from '@dictum/contracts/reports';
