// What /text-snippets validates and answers: the REST contract (contracts/src/text-expanders.ts).
export * from '@dictum/contracts/text-expanders';
