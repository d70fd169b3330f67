import { Alert, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router-dom';
import { CONTACT_PREFS, HOTLINE_CATEGORIES, type HotlineCategory } from '../../../../../contracts/hotline.ts';
import { isPhone, normalisePhone } from '../../../../../contracts/id-number.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { hotlineApi, type HotlineCaseDetail, type LookupResult } from '../api.ts';
import { CallerPanel } from '../components/CallerPanel.tsx';
import { levelToCounty, useLevels } from '../useLevels.ts';

interface Values {
  callerPhone?: string;
  callerName?: string;
  category?: HotlineCategory;
  level: string;
  content?: string;
  contactPref: keyof typeof CONTACT_PREFS;
  contactNote?: string;
}

const contactOptions = Object.entries(CONTACT_PREFS).map(([value, label]) => ({ value, label }));
const CATEGORY_KEYS = Object.keys(HOTLINE_CATEGORIES) as HotlineCategory[];

/** The six categories as radio buttons: digits 1–6 pick one (no input method needed) and go on to the content; arrows move. */
function CategoryPicker({ value, onChange, onPicked }: { value?: HotlineCategory; onChange?: (v: HotlineCategory) => void; onPicked?: () => void }) {
  return (
    <span
      data-testid="category"
      onKeyDown={(e) => {
        const k = CATEGORY_KEYS[Number(e.key) - 1];
        if (k && !e.ctrlKey && !e.altKey && !e.metaKey) {
          e.preventDefault();
          onChange?.(k);
          // A digit both picks and moves on to the content, the next thing the operator types.
          setTimeout(() => onPicked?.(), 0);
        }
      }}
    >
      <Radio.Group
        value={value}
        onChange={(e) => onChange?.(e.target.value as HotlineCategory)}
        optionType="button"
        size="small"
        options={CATEGORY_KEYS.map((k, i) => ({ value: k, label: `${i + 1} ${HOTLINE_CATEGORIES[k]}` }))}
      />
    </span>
  );
}

/**
 * 来电登记 — made for a call in progress, keyboard only: the number first (its history pops up as
 * soon as it is complete), then Tab through one form; Ctrl+Enter saves and the form is ready for
 * the next call with the cursor back on the number.
 */
export default function HotlineIntakePage() {
  const [form] = Form.useForm<Values>();
  const levels = useLevels();
  const phoneRef = useRef<import('antd').InputRef>(null);
  const contentRef = useRef<import('antd/es/input/TextArea').TextAreaRef>(null);
  const [lookup, setLookup] = useState<LookupResult | null>(null);
  const [looking, setLooking] = useState(false);
  const [talentId, setTalentId] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [last, setLast] = useState<HotlineCaseDetail | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    form.setFieldsValue({ level: levels.defaultLevel });
  }, [form, levels.defaultLevel]);

  const runLookup = useCallback((raw: string | undefined) => {
    const phone = normalisePhone(raw ?? '');
    if (!isPhone(phone)) {
      setLookup(null);
      setTalentId(null);
      return;
    }
    const mine = ++seq.current;
    setLooking(true);
    hotlineApi
      .lookup(phone)
      .then((r) => {
        if (mine !== seq.current) return;
        setLookup(r);
        setTalentId(r.talents.length === 1 ? r.talents[0]!.id : null);
        if (r.talents.length === 1 && !form.getFieldValue('callerName')) form.setFieldValue('callerName', r.talents[0]!.name);
      }, showError)
      .finally(() => mine === seq.current && setLooking(false));
  }, [form]);

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const c = await hotlineApi.create({
        source: 'phone',
        callerPhone: v.callerPhone ? normalisePhone(v.callerPhone) : null,
        callerName: v.callerName || null,
        category: v.category!,
        countyId: levelToCounty(v.level),
        content: v.content ?? '',
        contactPref: v.contactPref,
        contactNote: v.contactNote || null,
        talentId,
      });
      setLast(c);
      toast().success(`已登记诉求 ${c.number}`);
      form.resetFields();
      form.setFieldsValue({ level: v.level });
      setLookup(null);
      setTalentId(null);
      phoneRef.current?.focus();
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      void save();
    }
  };

  return (
    <div onKeyDown={onKeyDown}>
      {last && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setLast(null)}
          style={{ marginBottom: 12 }}
          data-testid="saved-alert"
          message={<>已登记 <Link to={`/hotline/cases/${last.id}`}>{last.number}</Link>（{last.levelName}），可以接听下一个来电。</>}
        />
      )}
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title="来电登记" extra={<Typography.Text type="secondary">Tab 切换 · Ctrl+Enter 保存</Typography.Text>}>
            <Form<Values> form={form} layout="vertical" initialValues={{ contactPref: 'phone' }}>
              <Form.Item name="callerPhone" label="来电号码" rules={[{ validator: async (_r, v: string | undefined) => { if (v && !isPhone(normalisePhone(v))) throw new Error('不是有效的手机号或带区号的固定电话'); } }]}>
                <Input
                  ref={phoneRef}
                  autoFocus
                  inputMode="tel"
                  placeholder="例如 13800138000 或 0571-88888888"
                  onChange={(e) => runLookup(e.target.value)}
                  data-testid="caller-phone"
                />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={8}>
                  <Form.Item name="callerName" label="来电人姓名">
                    <Input maxLength={40} placeholder="称呼，如 张先生" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={16}>
                  <Form.Item name="category" label="诉求类别（数字键 1–6 或方向键）" rules={[{ required: true, message: '请选择诉求类别' }]}>
                    <CategoryPicker onPicked={() => contentRef.current?.focus()} />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="content" label="诉求内容" rules={[{ required: true, whitespace: true, message: '请填写诉求内容' }, { max: 4000, message: '诉求内容不能超过 4000 个字符' }]}>
                <Input.TextArea ref={contentRef} autoSize={{ minRows: 4, maxRows: 10 }} placeholder="记录来电人的问题和需求" data-testid="content" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={8}>
                  <Form.Item name="level" label="承办层级" rules={[{ required: true, message: '请选择承办层级' }]}>
                    <Select showSearch optionFilterProp="label" options={levels.own} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={8}>
                  <Form.Item name="contactPref" label="回复方式">
                    <Select showSearch optionFilterProp="label" options={contactOptions} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={8}>
                  <Form.Item name="contactNote" label="联系说明">
                    <Input maxLength={200} placeholder="如 工作日下午方便" />
                  </Form.Item>
                </Col>
              </Row>
              <Space>
                <Button type="primary" onClick={() => void save()} loading={saving} data-testid="save">保存（Ctrl+Enter）</Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    form.setFieldsValue({ level: levels.defaultLevel });
                    setLookup(null);
                    setTalentId(null);
                    phoneRef.current?.focus();
                  }}
                >
                  清空
                </Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <CallerPanel result={lookup} loading={looking} talentId={talentId} onTalent={setTalentId} />
        </Col>
      </Row>
    </div>
  );
}
