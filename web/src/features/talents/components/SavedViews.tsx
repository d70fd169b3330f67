import { DeleteOutlined, DownOutlined, SaveOutlined, StarOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, Modal, Typography, type MenuProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { CreateSavedViewBodySchema } from '../../../../../contracts/talents.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { zodRule } from '../../../api/zodRule.ts';
import { viewsApi, type SavedView } from '../api.ts';
import { fromViewQuery, toViewQuery, type TalentQuery } from '../query.ts';

/** 保存的视图: the user's named queries — pick one, save the current one, delete with confirmation. */
export function SavedViews({ query, onPick, compact }: { query: TalentQuery; onPick(q: TalentQuery): void; compact?: boolean }) {
  const { modal } = App.useApp();
  const [views, setViews] = useState<SavedView[]>([]);
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  const load = useCallback(() => viewsApi.list().then(setViews, showError), []);
  useEffect(() => {
    void load();
  }, [load]);

  const remove = (v: SavedView) =>
    modal.confirm({
      title: `删除视图“${v.name}”？`,
      content: '只删除保存的查询条件，不影响任何人才记录。',
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () =>
        viewsApi.remove(v.id).then(() => {
          toast().success(`已删除视图“${v.name}”`);
          return load();
        }, showError),
    });

  const save = async ({ name }: { name: string }) => {
    setBusy(true);
    try {
      const v = await viewsApi.create(name.trim(), toViewQuery(query));
      toast().success(`已保存视图“${v.name}”`);
      setSaving(false);
      await load();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  const items: MenuProps['items'] = [
    ...(views.length
      ? views.map((v) => ({
          key: v.id,
          label: (
            <span style={{ display: 'flex', justifyContent: 'space-between', gap: 16, minWidth: 180 }}>
              <span>{v.name}</span>
              <DeleteOutlined
                aria-label={`删除视图 ${v.name}`}
                style={{ color: '#999' }}
                onClick={(e) => {
                  e.stopPropagation();
                  remove(v);
                }}
              />
            </span>
          ),
          onClick: () => onPick(fromViewQuery(v.query)),
        }))
      : [{ key: 'none', label: <Typography.Text type="secondary">还没有保存的视图</Typography.Text>, disabled: true }]),
    { type: 'divider' as const },
    {
      key: 'save',
      icon: <SaveOutlined />,
      label: '保存当前查询为视图…',
      onClick: () => {
        form.resetFields();
        setSaving(true);
      },
    },
  ];

  return (
    <>
      <Dropdown menu={{ items }} trigger={['click']}>
        <Button size="large" icon={<StarOutlined />} aria-label="保存的视图">
          {!compact && <>视图 <DownOutlined style={{ fontSize: 10 }} /></>}
        </Button>
      </Dropdown>
      <Modal open={saving} title="保存当前查询为视图" okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => form.submit()} onCancel={() => setSaving(false)} destroyOnHidden>
        <Typography.Paragraph type="secondary">保存搜索词、筛选条件和排序方式，以后一键打开。视图仅自己可见。</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="name" label="视图名称" rules={[{ required: true, whitespace: true, message: '请输入视图名称' }, zodRule(CreateSavedViewBodySchema.shape.name)]}>
            <Input autoFocus maxLength={30} placeholder="如：凤鸣区在外博士" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
