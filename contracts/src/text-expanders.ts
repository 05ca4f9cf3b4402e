import { z } from 'zod';

// Shared text expanders (GET /text-expanders, /admin/text-expanders) and the personal and
// per-author snippets (/text-snippets).

/** `.nkda`: a dot, then letters, digits, `.`, `_` or `-` (lower case), 2–32 characters in all. */
export const abbreviationSchema = z
  .string()
  .min(2)
  .max(32)
  .regex(
    /^\.(?=[a-z0-9._-]*[a-z0-9])[a-z0-9._-]+$/,
    'a dot, then lower-case letters, digits, ".", "_" or "-" (2–32 characters), such as .nkda',
  );

export const textExpanderSchema = z.object({ abbreviation: z.string(), expansion: z.string() });
export type TextExpander = z.infer<typeof textExpanderSchema>;
export const textExpanderListSchema = z.array(textExpanderSchema);

export const createTextExpanderBody = z.object({
  abbreviation: abbreviationSchema,
  expansion: z
    .string()
    .max(10_000)
    .refine((s) => s.trim().length > 0, 'the expansion must not be blank'),
});
export const updateTextExpanderBody = createTextExpanderBody.pick({ expansion: true });
export const abbreviationParams = z.object({ abbreviation: abbreviationSchema });

const snippetKind = z.enum(['EXPANDER', 'NORMAL']);
const snippetScope = z.enum(['mine', 'author']);

export const snippetSchema = z.object({
  id: z.string(),
  kind: snippetKind,
  scope: snippetScope,
  authorId: z.string().nullable(),
  workType: z.string().nullable(),
  abbreviation: z.string().nullable(),
  text: z.string(),
});
export type TextSnippet = z.infer<typeof snippetSchema>;
export const snippetListSchema = z.array(snippetSchema);

export const listSnippetsQuery = z.object({
  authorId: z.string().uuid().optional(),
  workType: z.string().max(32).optional(),
});

export const createSnippetBody = z.object({
  kind: snippetKind,
  scope: snippetScope,
  authorId: z.string().uuid().optional(),
  workType: z.string().max(32).optional(),
  abbreviation: z.string().trim().min(1).max(32).regex(/^\S+$/, 'one word, no spaces').optional(),
  text: z.string().min(1).max(20_000),
});
export type CreateSnippetBody = z.input<typeof createSnippetBody>;

export const snippetIdParams = z.object({ id: z.string().uuid() });
