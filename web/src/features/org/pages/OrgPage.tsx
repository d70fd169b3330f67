import { ImportOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Skeleton, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { DivisionCodeSchema, type Org } from '../../../../../contracts/org.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { zodRule } from '../../../api/zodRule.ts';
import { useSession } from '../../../app/session.tsx';
import { orgApi } from '../api.ts';
import { CountyListField, type CountyRow } from '../components/CountyListField.tsx';
import { DivisionPicker } from '../components/DivisionPicker.tsx';

interface Values {
  city: { name?: string; code?: string };
  counties: CountyRow[];
}

const toValues = (o: Org): Values => ({
  city: { name: o.city?.name ?? '', code: o.city?.code ?? '' },
  counties: o.counties.map((c) => ({ id: c.id, name: c.name, code: c.code ?? '', active: c.active })),
});

/** 组织机构: the home city and its ordered counties; also the first-run set-up. */
export default function OrgPage() {
  const { info, roles, reloadInfo } = useSession();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const [loaded, setLoaded] = useState<Org | null>(null);
  const [saving, setSaving] = useState(false);
  const [importing, setImporting] = useState(false);
  const firstRun = info ? !info.initialised : false;
  // Once set up, only the city talent office changes it (the server says the same).
  const readOnly = !!loaded?.city && !roles.includes('city_admin');

  // The form mounts with the loaded values; later saves set them in place.
  const load = useCallback(async () => {
    try {
      setLoaded(await orgApi.get());
    } catch (e) {
      showError(e);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const submit = async (v: Values) => {
    setSaving(true);
    try {
      const o = await orgApi.save({
        city: { name: v.city.name?.trim() ?? '', code: v.city.code || null },
        counties: v.counties.map((c) => ({ id: c.id, name: c.name?.trim() ?? '', code: c.code || null, active: c.active ?? true })),
      });
      setLoaded(o);
      form.setFieldsValue(toValues(o));
      await reloadInfo();
      if (firstRun && !roles.includes('city_admin')) {
        // The sysadmin's next step on a new system: accounts for the city and county offices.
        toast().success('组织机构已设置。下一步：请为市委人才办和各县（市、区）创建账号');
        navigate('/admin/users');
      } else {
        toast().success('组织机构已保存');
      }
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  /** Appends the counties of the chosen city from the national list (skipping names already there). */
  const importCounties = async () => {
    const code = form.getFieldValue(['city', 'code']) as string | undefined;
    if (!code || !/^\d{6}$/.test(code)) {
      toast().warning('请先选择城市或填写 6 位行政区划代码');
      return;
    }
    setImporting(true);
    try {
      const divisions = await orgApi.divisions(code);
      const rows = (form.getFieldValue('counties') as CountyRow[] | undefined) ?? [];
      const names = new Set(rows.map((r) => r.name));
      const added = divisions.filter((d) => d.name !== '市辖区' && !names.has(d.name));
      form.setFieldValue('counties', [...rows, ...added.map((d) => ({ name: d.name, code: d.code, active: true }))]);
      toast().info(added.length ? `已添加 ${added.length} 个县（市、区），请核对后保存` : '没有可添加的县（市、区）');
    } catch (e) {
      showError(e);
    } finally {
      setImporting(false);
    }
  };

  if (!loaded) return <Card><Skeleton active /></Card>;

  return (
    <Form form={form} layout="vertical" initialValues={toValues(loaded)} onFinish={submit} disabled={readOnly}>
      {firstRun && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="首次使用：请设置本市及所辖县（市、区）" description="保存后即可按县（市、区）分配账号和开展业务。城市和县（市、区）以后仍可由市委人才办调整。" />
      )}
      {readOnly && <Alert type="info" showIcon style={{ marginBottom: 16 }} title="组织机构已初始化，只有市委人才办可以修改。" />}
      <Card title="本市" style={{ marginBottom: 16 }}>
        {!readOnly && (
          <Form.Item label="按行政区划选择">
            <DivisionPicker onPick={(c) => form.setFieldsValue({ city: c })} />
          </Form.Item>
        )}
        <Space wrap align="start">
          <Form.Item name={['city', 'name']} label="城市名称" rules={[{ required: true, whitespace: true, min: 2, message: '请输入城市名称' }, { max: 32, message: '城市名称不能超过 32 个字符' }]}>
            <Input placeholder="如：凤城市" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name={['city', 'code']} label="行政区划代码" rules={[zodRule(DivisionCodeSchema)]} extra="GB/T 2260 六位代码，选填">
            <Input placeholder="如：440300" style={{ width: 160 }} maxLength={6} inputMode="numeric" />
          </Form.Item>
        </Space>
      </Card>
      <Card
        title="所辖县（市、区）"
        extra={!readOnly && <Button icon={<ImportOutlined />} loading={importing} onClick={importCounties}>从行政区划导入</Button>}
        style={{ marginBottom: 16 }}
      >
        <Typography.Paragraph type="secondary">顺序即各处列表中的显示顺序。</Typography.Paragraph>
        <CountyListField disabled={readOnly} />
      </Card>
      {!readOnly && (
        <Space>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving}>保存</Button>
          <Button icon={<UndoOutlined />} onClick={() => form.setFieldsValue(toValues(loaded))}>放弃修改</Button>
        </Space>
      )}
    </Form>
  );
}
