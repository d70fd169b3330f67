import type { ColProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

/** Shared bits of the talent form's sections. */
export type FormMode = 'create' | 'edit';

export const dictOptions = (d: Record<string, string>) => Object.entries(d).map(([value, label]) => ({ value, label }));

/** Column widths: one per row on phones, two on tablets, three on wide screens. */
export const third: ColProps = { xs: 24, md: 12, xl: 8 };
export const half: ColProps = { xs: 24, md: 12, xl: 12 };
export const full: ColProps = { span: 24 };

/** A YYYY-MM-DD string field shown in a DatePicker: the form keeps the string the API wants. */
export const dateProps = {
  getValueProps: (v?: string | null) => ({ value: v ? dayjs(v) : null }),
  normalize: (d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null),
};
