export {
  type FlagStats,
  fitCalibration,
  flagStats,
  type LabelledWord,
} from '@dictum/core/capability/asr/confidence-fit';
export { alignCorrect } from '@dictum/core/domain/transcript/align-correct';
