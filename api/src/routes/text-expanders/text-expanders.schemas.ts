import { z } from 'zod';

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

export const createTextExpanderBody = z.object({
  abbreviation: abbreviationSchema,
  expansion: z
    .string()
    .max(10_000)
    .refine((s) => s.trim().length > 0, 'the expansion must not be blank'),
});

export const abbreviationParams = z.object({ abbreviation: abbreviationSchema });

export const textExpanderListSchema = z.array(textExpanderSchema);

export const updateTextExpanderBody = createTextExpanderBody.pick({ expansion: true });
