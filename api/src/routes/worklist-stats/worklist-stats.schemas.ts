// What /worklist/stats and the author context validate and answer: the REST contract (contracts/src/reports.ts).
export * from '@dictum/contracts/reports';
