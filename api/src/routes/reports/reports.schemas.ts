// What the reports validate and answer: the REST contract (contracts/src/reports.ts; the line
// counts' schemas live with the documents they count, contracts/src/documents.ts).

export { lineCountQuery, lineCountReportSchema } from '@dictum/contracts/documents';
export * from '@dictum/contracts/reports';
