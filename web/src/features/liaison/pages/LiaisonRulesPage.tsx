import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Form, Input, InputNumber, Result, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { talentsApi, type Tier } from '../../talents/api.ts';
import { liaisonApi, type Rules } from '../api.ts';

interface FormValues {
  frequency: { tier?: string; intervalMonths?: number }[];
  festivals: { name?: string; day?: Dayjs; windowBefore?: number; windowAfter?: number }[];
}

const DEFAULT_TIER = '*';
const toForm = (r: Rules): FormValues => ({
  frequency: r.frequency.map((f) => ({ ...f })),
  festivals: r.festivals.filter((f) => !f.builtin).map((f) => ({ name: f.name, day: dayjs(f.day), windowBefore: f.windowBefore, windowAfter: f.windowAfter })),
});

/**
 * 联系规则: the minimum contact frequency per talent tier and the festival greetings with their
 * windows, from which every assignment's next-due date is computed. The city edits (PUT is
 * city_admin only); county offices see the same page read-only.
 */
export default function LiaisonRulesPage() {
  const user = useCurrentUser();
  const editor = user.roles.some((r) => r.role === 'city_admin');
  const { modal } = App.useApp();
  const [rules, setRules] = useState<Rules | null>(null);
  const [failed, setFailed] = useState(false);
  const [tiers, setTiers] = useState<Tier[]>([]);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [form] = Form.useForm<FormValues>();

  const load = useCallback(() => {
    setFailed(false);
    liaisonApi.rules().then(
      (r) => {
        setRules(r);
        form.setFieldsValue(toForm(r));
        setDirty(false);
      },
      (e: unknown) => {
        setFailed(true);
        showError(e);
      },
    );
  }, [form]);
  useEffect(load, [load]);
  useEffect(() => void talentsApi.tiers().then(setTiers, showError), []);

  const tierLabel = (code: string) => (code === DEFAULT_TIER ? '默认（未单独设置的层级）' : (tiers.find((t) => t.code === code)?.name ?? `${code}类`));
  const tierOptions = [{ value: DEFAULT_TIER, label: tierLabel(DEFAULT_TIER) }, ...tiers.map((t) => ({ value: t.code, label: t.name }))];

  const save = async () => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      toast().error('请按提示修改标红的项目');
      return;
    }
    const body: Rules = {
      frequency: (v.frequency ?? []).map((f) => ({ tier: f.tier!, intervalMonths: f.intervalMonths! })),
      festivals: (v.festivals ?? []).map((f) => ({ name: f.name!.trim(), day: f.day!.format('YYYY-MM-DD'), windowBefore: f.windowBefore!, windowAfter: f.windowAfter! })),
    };
    modal.confirm({
      title: '保存联系规则？',
      content: (
        <div>
          <p>
            频次规则 {body.frequency.length} 条，自定义节日 {body.festivals.length} 个。
          </p>
          <p>保存后，全市所有联系对象的“下次应联系”日期和到期提醒按新规则重新计算；本次修改记入审计日志。</p>
        </div>
      ),
      okText: '确认保存',
      cancelText: '取消',
      onOk: async () => {
        setSaving(true);
        try {
          const r = await liaisonApi.putRules(body);
          setRules(r);
          form.setFieldsValue(toForm(r));
          setDirty(false);
          toast().success('联系规则已保存');
        } catch (e) {
          showError(e, form);
        } finally {
          setSaving(false);
        }
      },
    });
  };

  if (failed) return <Result status="warning" subTitle="联系规则暂时无法加载" extra={<Button onClick={load}>重试</Button>} />;
  if (!rules) return <Spin style={{ display: 'block', margin: '64px auto' }} />;

  const builtin = rules.festivals.filter((f) => f.builtin);
  const uniqueTier = (index: number) => ({
    validator: async (_: unknown, value?: string) => {
      if (!value) return;
      const list = (form.getFieldValue('frequency') as FormValues['frequency']) ?? [];
      if (list.some((f, i) => i !== index && f?.tier === value)) throw new Error(value === DEFAULT_TIER ? '默认频次只能设置一条' : `${tierLabel(value)}已设置，每个层级只能设置一条`);
    },
  });

  // The same two buttons at the top of the first card and at the bottom of the page.
  const actions = (
    <>
      <Button disabled={!dirty || saving} onClick={load}>
        撤销修改
      </Button>
      <Button type="primary" loading={saving} disabled={!dirty} onClick={() => void save()}>
        保存规则
      </Button>
    </>
  );

  return (
    <Form form={form} layout="vertical" disabled={!editor} onValuesChange={() => setDirty(true)} requiredMark={false}>
      <Flex vertical gap={16} style={{ maxWidth: 960 }}>
        {!editor && <Alert type="info" showIcon title="联系规则由市委人才办设置，这里仅供查看。" />}
        <Card
          title="联系频次"
          extra={
            editor && (
              <Space>{actions}</Space>
            )
          }
        >
          <Typography.Paragraph type="secondary">
            每位联系对象至少每隔几个月联系一次，从分配日期或本联系关系的上次联系算起；调整联系领导后重新计算。未单独设置的层级按“默认”，没有默认时为每 3 个月（每季度）一次。
          </Typography.Paragraph>
          <Form.List name="frequency">
            {(fields, { add, remove }) => (
              <>
                {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未设置频次：所有联系对象每 3 个月至少联系一次" />}
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} wrap align="start" data-testid="frequency-row">
                    <Form.Item name={[f.name, 'tier']} label={f.name === 0 ? '人才层级' : undefined} rules={[{ required: true, message: '请选择人才层级' }, uniqueTier(f.name)]} style={{ flex: '0 1 320px', minWidth: 200, marginBottom: 12 }}>
                      <Select options={tierOptions} placeholder="选择层级" />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'intervalMonths']}
                      label={f.name === 0 ? '联系间隔' : undefined}
                      rules={[{ required: true, message: '请填写联系间隔' }, { type: 'integer', min: 1, max: 12, message: '联系间隔须为 1–12 个月' }]}
                      style={{ flex: '0 1 220px', marginBottom: 12 }}
                    >
                      <InputNumber precision={0} style={{ width: '100%' }} prefix="每" suffix="个月至少一次" />
                    </Form.Item>
                    {editor && <Button aria-label="删除此频次" icon={<DeleteOutlined />} style={{ marginTop: f.name === 0 ? 30 : 0 }} onClick={() => remove(f.name)} />}
                  </Flex>
                ))}
                {editor && (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ intervalMonths: 3 })}>
                    添加层级频次
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Card>

        <Card title="节日慰问">
          <Typography.Paragraph type="secondary">
            节日当天前后的窗口期内联系一次（任何方式）即视为已慰问；窗口关闭仍未联系，记为漏慰问。春节、中秋已内置；农历节日每年公历日期不同，请按年份分别添加。
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey={(f) => `${f.name}-${f.day}`}
            pagination={false}
            dataSource={builtin}
            style={{ marginBottom: 16 }}
            columns={[
              { title: '节日', dataIndex: 'name', render: (n: string) => <Space>{n}<Tag>内置</Tag></Space> },
              { title: '日期', dataIndex: 'day' },
              { title: '窗口期', key: 'w', render: (_, f) => `节前 ${f.windowBefore} 天 — 节后 ${f.windowAfter} 天` },
            ]}
          />
          <Typography.Title level={5}>自定义节日</Typography.Title>
          <Form.List name="festivals">
            {(fields, { add, remove }) => (
              <>
                {fields.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无自定义节日" />}
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} wrap align="start" data-testid="festival-row">
                    <Form.Item name={[f.name, 'name']} label={f.name === 0 ? '节日名称' : undefined} rules={[{ required: true, whitespace: true, message: '请填写节日名称' }, { max: 20, message: '节日名称不能超过 20 字' }]} style={{ flex: '0 1 260px', minWidth: 160, marginBottom: 12 }}>
                      <Input placeholder="如：2027年重阳" maxLength={20} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'day']} label={f.name === 0 ? '日期' : undefined} rules={[{ required: true, message: '请选择节日日期' }]} style={{ flex: '0 1 150px', marginBottom: 12 }}>
                      <DatePicker style={{ width: '100%' }} placeholder="节日日期" />
                    </Form.Item>
                    {(['windowBefore', 'windowAfter'] as const).map((k) => (
                      <Form.Item
                        key={k}
                        name={[f.name, k]}
                        label={f.name === 0 ? (k === 'windowBefore' ? '节前窗口' : '节后窗口') : undefined}
                        rules={[{ required: true, message: `请填写${k === 'windowBefore' ? '节前' : '节后'}窗口天数` }, { type: 'integer', min: 0, max: 30, message: '窗口须为 0–30 天' }]}
                        style={{ flex: '0 1 130px', marginBottom: 12 }}
                      >
                        <InputNumber precision={0} style={{ width: '100%' }} suffix="天" />
                      </Form.Item>
                    ))}
                    {editor && <Button aria-label="删除此节日" icon={<DeleteOutlined />} style={{ marginTop: f.name === 0 ? 30 : 0 }} onClick={() => remove(f.name)} />}
                  </Flex>
                ))}
                {editor && (
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ windowBefore: 7, windowAfter: 7 })}>
                    添加节日
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Card>
        {editor && (
          <Flex justify="end" gap={8}>
            {actions}
          </Flex>
        )}
      </Flex>
    </Form>
  );
}
