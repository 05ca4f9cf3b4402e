// The limit is part of the REST contract (contracts/src/common.ts says why it is what it is).
export { MAX_NOTE_TEXT_CHARS } from '@dictum/contracts/common';
