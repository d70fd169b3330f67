import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Empty, Form, Input, Popconfirm, Space, Switch, Tooltip, Typography } from 'antd';
import { DivisionCodeSchema } from '../../../../../contracts/org.ts';
import { zodRule } from '../../../api/zodRule.ts';

export interface CountyRow {
  id?: string;
  name?: string;
  code?: string;
  active?: boolean;
}

/** The ordered list of the city's counties: rename, add, remove (confirmed), move up/down. */
export function CountyListField({ disabled }: { disabled: boolean }) {
  const form = Form.useFormInstance();
  return (
    <Form.List
      name="counties"
      rules={[
        {
          validator: async (_r, rows?: CountyRow[]) => {
            if (!rows?.length) throw new Error('至少需要一个县（市、区）');
            const names = rows.map((r) => r.name?.trim()).filter(Boolean);
            const dup = names.find((n, i) => names.indexOf(n) !== i);
            if (dup) throw new Error(`县（市、区）名称不能重复：${dup}`);
          },
        },
      ]}
    >
      {(fields, { add, remove, move }, { errors }) => (
        <>
          {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未添加县（市、区）" />}
          {fields.map(({ key, name }, index) => (
            <Space key={key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }} data-testid="county-row">
              <Typography.Text type="secondary" style={{ display: 'inline-block', width: 24, lineHeight: '32px', textAlign: 'right' }}>
                {index + 1}.
              </Typography.Text>
              {/* Not shown, but registered so that the id travels with the row (rename keeps references). */}
              <Form.Item name={[name, 'id']} hidden noStyle>
                <Input />
              </Form.Item>
              <Form.Item
                name={[name, 'name']}
                style={{ marginBottom: 8, width: 180 }}
                rules={[
                  { required: true, whitespace: true, message: '请输入名称' },
                  { max: 32, message: '名称不能超过 32 个字符' },
                ]}
              >
                <Input placeholder="县（市、区）名称" />
              </Form.Item>
              <Form.Item name={[name, 'code']} style={{ marginBottom: 8, width: 150 }} rules={[zodRule(DivisionCodeSchema)]}>
                <Input placeholder="区划代码（选填）" maxLength={6} inputMode="numeric" />
              </Form.Item>
              <Form.Item name={[name, 'active']} valuePropName="checked" style={{ marginBottom: 8 }}>
                <Switch checkedChildren="启用" unCheckedChildren="停用" />
              </Form.Item>
              {!disabled && (
                <Space size={0}>
                  <Tooltip title="上移">
                    <Button type="text" icon={<ArrowUpOutlined />} aria-label="上移" disabled={index === 0} onClick={() => move(index, index - 1)} />
                  </Tooltip>
                  <Tooltip title="下移">
                    <Button type="text" icon={<ArrowDownOutlined />} aria-label="下移" disabled={index === fields.length - 1} onClick={() => move(index, index + 1)} />
                  </Tooltip>
                  <Popconfirm
                    title={`确定删除“${form.getFieldValue(['counties', name, 'name']) || '此行'}”吗？`}
                    description="保存后生效；已有用户或数据关联的县（市、区）将改为停用。"
                    okText="删除"
                    okButtonProps={{ danger: true }}
                    cancelText="取消"
                    onConfirm={() => remove(name)}
                  >
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除" />
                  </Popconfirm>
                </Space>
              )}
            </Space>
          ))}
          {!disabled && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ active: true })} style={{ marginTop: 4 }}>
              添加县（市、区）
            </Button>
          )}
          <Form.Item style={{ marginBottom: 0 }}>
            <Form.ErrorList errors={errors} />
          </Form.Item>
        </>
      )}
    </Form.List>
  );
}
