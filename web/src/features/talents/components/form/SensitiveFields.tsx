import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Col, Flex, Form, Input, Select, Space, Typography } from 'antd';
import { isPhone, normalisePhone } from '../../../../../../contracts/id-number.ts';
import { ID_TYPES, type Talent } from '../../../../../../contracts/talents.ts';
import { crossFieldMessage, type TalentFormValues } from '../../formValues.ts';
import { dictOptions, half, type FormMode } from './formKit.ts';

const MAX_PHONES = 5;

function Phones() {
  return (
    <Form.List name="phones">
      {(fields, { add, remove }) => (
        <Flex vertical gap={8}>
          {fields.map((f, i) => (
            <Flex key={f.key} gap={8} align="flex-start">
              <Form.Item
                name={f.name}
                style={{ flex: 1, marginBottom: 0 }}
                validateTrigger={['onChange', 'onBlur']}
                rules={[
                  {
                    validator: async (_r, v?: string) => {
                      if (v && !isPhone(normalisePhone(v))) throw new Error('不是有效的手机号或带区号的固定电话');
                    },
                  },
                ]}
              >
                <Input inputMode="tel" placeholder={i === 0 ? '手机号，如 138 0013 8000' : '手机号或固定电话（带区号）'} maxLength={20} aria-label={`联系电话 ${i + 1}`} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} aria-label={`删除电话 ${i + 1}`} onClick={() => remove(f.name)} />
            </Flex>
          ))}
          {fields.length < MAX_PHONES && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} style={{ alignSelf: 'flex-start' }}>
              添加电话
            </Button>
          )}
        </Flex>
      )}
    </Form.List>
  );
}

/** A masked value with a button to type a replacement (editing never shows the stored clear value). */
function Masked({ text, onReplace, label }: { text: string; onReplace(): void; label: string }) {
  return (
    <Space wrap>
      <Typography.Text>{text}</Typography.Text>
      <Button size="small" onClick={onReplace}>{label}</Button>
    </Space>
  );
}

/** 证件 and 联系电话: typed in when creating; when editing, shown masked until the user replaces them. */
export function SensitiveFields({ mode, talent }: { mode: FormMode; talent: Talent | null }) {
  const form = Form.useFormInstance<TalentFormValues>();
  const replaceId = Form.useWatch('replaceId', form);
  const replacePhones = Form.useWatch('replacePhones', form);
  const editing = mode === 'edit' && talent;

  return (
    <>
      <Form.Item name="replaceId" hidden><Input /></Form.Item>
      <Form.Item name="replacePhones" hidden><Input /></Form.Item>
      {editing && !replaceId ? (
        <Col {...half}>
          <Form.Item label="证件号码">
            <Masked text={talent.idNumberMasked ? `${talent.idType ? ID_TYPES[talent.idType] : ''} ${talent.idNumberMasked}` : '未登记'} label={talent.idNumberMasked ? '更换' : '填写'} onReplace={() => form.setFieldsValue({ replaceId: true, idType: talent.idType ?? 'resident', idNumber: '' })} />
          </Form.Item>
        </Col>
      ) : (
        <Col {...half}>
          <Flex gap={8}>
            <Form.Item name="idType" label="证件类型" style={{ width: 120, flex: 'none' }}>
              <Select options={dictOptions(ID_TYPES)} placeholder="请选择" />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label="证件号码"
              style={{ flex: 1, minWidth: 0 }}
              dependencies={['idType']}
              extra={editing ? <Button type="link" size="small" style={{ padding: 0 }} onClick={() => form.setFieldsValue({ replaceId: false, idNumber: undefined })}>取消更换</Button> : undefined}
              rules={[
                ({ getFieldsValue }) => ({
                  validator: async () => {
                    const m = crossFieldMessage(getFieldsValue(true), 'idNumber');
                    if (m) throw new Error(m);
                  },
                }),
              ]}
            >
              <Input placeholder="18 位身份证号，自动识别出生日期和性别" maxLength={30} autoComplete="off" />
            </Form.Item>
          </Flex>
        </Col>
      )}
      <Col {...half}>
        <Form.Item label="联系电话" required={false}>
          {editing && !replacePhones ? (
            <Masked text={talent.phonesMasked.length ? talent.phonesMasked.join('，') : '未登记'} label={talent.phonesMasked.length ? '重新填写' : '填写'} onReplace={() => form.setFieldsValue({ replacePhones: true, phones: [''] })} />
          ) : (
            <>
              <Phones />
              {editing && <Typography.Text type="secondary" style={{ fontSize: 12 }}>保存后将以上号码替换原有全部电话。<Button type="link" size="small" onClick={() => form.setFieldsValue({ replacePhones: false, phones: [] })}>取消</Button></Typography.Text>}
            </>
          )}
        </Form.Item>
      </Col>
    </>
  );
}
