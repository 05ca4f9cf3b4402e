// What /documents and the line counts validate and answer: the REST contract (contracts/src/documents.ts).
export * from '@dictum/contracts/documents';
