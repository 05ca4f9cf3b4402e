import * as contract from '@dictum/contracts/enums';
import * as prismaEnums from '@dictum/core/infra/db/generated/enums';
import { describe, expect, it } from 'vitest';

// The REST contract's value sets are written once in contracts/ and once in prisma/schema.prisma (the
// schema of record). They must stay the same lists, in the same order; a new Prisma enum needs its
// counterpart here (or a reason to stay out of the contract).
const contractByPrismaEnum: Record<string, readonly string[]> = {
  Role: contract.roles,
  Sex: contract.sexes,
  Priority: contract.priorities,
  DictationStatus: contract.dictationStatuses,
  TranscriptSource: contract.transcriptSources,
  BlankStatus: contract.blankStatuses,
  DocumentKind: contract.documentKinds,
  DocumentStatus: contract.documentStatuses,
  DeliveryStatus: contract.deliveryStatuses,
  DeliveryEvent: contract.deliveryEvents,
};

describe('contract enums', () => {
  it('cover every Prisma enum', () => {
    expect(Object.keys(contractByPrismaEnum).sort()).toEqual(Object.keys(prismaEnums).sort());
  });

  for (const [name, values] of Object.entries(contractByPrismaEnum)) {
    it(`${name} equals the Prisma enum`, () => {
      const prismaEnum = (prismaEnums as Record<string, Record<string, string>>)[name] ?? {};
      expect([...values]).toEqual(Object.values(prismaEnum));
    });
  }

  it('the zod enums accept exactly the listed values', () => {
    expect(contract.dictationStatusSchema.options).toEqual([...contract.dictationStatuses]);
    expect(contract.documentStatusSchema.safeParse('DRAFT_READY').success).toBe(false);
    expect(contract.roleSchema.safeParse('ADMIN').success).toBe(true);
  });
});
