import { z } from 'zod';

/**
 * The schema with every object strict at any depth (a key the contract does not name fails), for
 * tests that a producer of a REST shape (a view builder, a SQL view) writes exactly the contract.
 * Objects, nullable, optional and arrays are rebuilt; any other schema is kept as it is.
 */
export function deepStrict(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return z.strictObject(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, deepStrict(v)])));
  }
  if (schema instanceof z.ZodNullable) return deepStrict(schema.unwrap() as z.ZodType).nullable();
  if (schema instanceof z.ZodOptional) return deepStrict(schema.unwrap() as z.ZodType).optional();
  if (schema instanceof z.ZodArray) return z.array(deepStrict(schema.element as z.ZodType));
  return schema;
}
