// The REST contract of /worklist/stats and the author context: contracts/src/reports.ts.
export { authorContextSchema, dictationIdParams, statsQuery, statsSchema } from '@dictum/contracts/reports';
