import { SearchOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Grid, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { AUDIT_ACTION_LABELS } from '../../../../../contracts/audit.ts';
import type { AuditFilters } from '../api.ts';

interface Values {
  actor?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const actionOptions = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }));

/** Who, what, when. */
export function AuditFilterBar({ onSearch }: { onSearch(f: AuditFilters): void }) {
  const [form] = Form.useForm<Values>();
  const phone = Grid.useBreakpoint().md === false;
  const w = (px: number) => ({ width: phone ? '100%' : px });
  const apply = (v: Values) => {
    const [from, to] = v.range ?? [];
    onSearch({
      actor: v.actor?.trim() || undefined,
      action: v.action || undefined,
      // dayjs' format() gives local time with its offset, e.g. 2026-01-02T08:00:00+08:00.
      from: from ? from.startOf('minute').format() : undefined,
      to: to ? to.endOf('minute').format() : undefined,
    });
  };
  return (
    <Form form={form} layout={phone ? 'vertical' : 'inline'} onFinish={apply} style={{ marginBottom: 16, rowGap: 8 }}>
      <Form.Item name="actor" label="操作人">
        <Input allowClear placeholder="用户名" style={w(160)} />
      </Form.Item>
      <Form.Item name="action" label="操作">
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="全部操作" options={actionOptions} style={w(180)} />
      </Form.Item>
      <Form.Item name="range" label="时间">
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} style={phone ? { width: '100%' } : undefined} />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>查询</Button>
          <Button
            onClick={() => {
              form.resetFields();
              apply({});
            }}
          >
            重置
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
