// What the shared text expanders validate and answer: the REST contract (contracts/src/text-expanders.ts).
export * from '@dictum/contracts/text-expanders';
