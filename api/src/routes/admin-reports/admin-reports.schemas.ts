// The REST contract of the admin reports: contracts/src/reports.ts (the web app and tests share it).
export {
  dashboardQuery,
  dashboardSchema,
  qualityQuery,
  qualityReportSchema,
} from '@dictum/contracts/reports';
