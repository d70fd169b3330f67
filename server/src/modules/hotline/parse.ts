import type { z } from 'zod';
import type { FieldError } from '../../../../contracts/errors.ts';
import { AppError } from '../../lib/errors.ts';

/** Parses with a contract schema outside HTTP; failures become the usual VALIDATION_FAILED (400). */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown, prefix = ''): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields: FieldError[] = r.error.issues.map((i) => ({ field: prefix + (i.path.join('.') || 'body'), message: i.message }));
  throw new AppError('VALIDATION_FAILED', 400, fields[0]!.message, fields);
}
