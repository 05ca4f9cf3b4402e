import { z } from 'zod';

const kind = z.enum(['EXPANDER', 'NORMAL']);
const scope = z.enum(['mine', 'author']);

export const snippetSchema = z.object({
  id: z.string(),
  kind,
  scope,
  authorId: z.string().nullable(),
  workType: z.string().nullable(),
  abbreviation: z.string().nullable(),
  text: z.string(),
});

export const snippetListSchema = z.array(snippetSchema);

export const listSnippetsQuery = z.object({
  authorId: z.string().uuid().optional(),
  workType: z.string().max(32).optional(),
});

export const createSnippetBody = z.object({
  kind,
  scope,
  authorId: z.string().uuid().optional(),
  workType: z.string().max(32).optional(),
  abbreviation: z.string().trim().min(1).max(32).regex(/^\S+$/, 'one word, no spaces').optional(),
  text: z.string().min(1).max(20_000),
});

export const snippetIdParams = z.object({ id: z.string().uuid() });
