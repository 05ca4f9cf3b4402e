// The REST contract of /work-types: contracts/src/work-types.ts (the web app and tests share it).
export {
  createWorkTypeBody,
  updateWorkTypeBody,
  workTypeCodeParams,
  workTypeListSchema,
  workTypeSchema,
} from '@dictum/contracts/work-types';
