import type { FormRule } from 'antd';
import type { z } from 'zod';

/** An antd Form rule from a contracts/ zod schema, so the form checks what the API checks. */
export function zodRule(schema: z.ZodType): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const r = schema.safeParse(value);
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? '格式不正确');
    },
  };
}
