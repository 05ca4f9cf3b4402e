// What the EHR delivery routes validate and answer: the REST contract (contracts/src/deliveries.ts).
export * from '@dictum/contracts/deliveries';
