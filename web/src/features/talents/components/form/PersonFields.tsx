import { Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { GENDERS, TalentFieldsSchema, type Talent } from '../../../../../../contracts/talents.ts';
import { zodRule } from '../../../../api/zodRule.ts';
import { crossFieldMessage } from '../../formValues.ts';
import { dateProps, dictOptions, third, type FormMode } from './formKit.ts';
import { SensitiveFields } from './SensitiveFields.tsx';

/** A rule that reports a cross-field rule of the contract (e.g. 出生日期与身份证号不符) on this field. */
export const crossRule =
  (field: string) =>
  ({ getFieldsValue }: { getFieldsValue(all: true): object }) => ({
    validator: async () => {
      const m = crossFieldMessage(getFieldsValue(true), field);
      if (m) throw new Error(m);
    },
  });

/** 基本信息. */
export function PersonFields({ mode, talent }: { mode: FormMode; talent: Talent | null }) {
  return (
    <Row gutter={16}>
      <Col {...third}>
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 40, message: '姓名不能超过 40 个字符' }]}>
          <Input placeholder="与身份证一致" maxLength={40} autoFocus={mode === 'create'} />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="gender" label="性别" dependencies={['idNumber']} rules={[crossRule('gender')]}>
          <Select allowClear options={dictOptions(GENDERS)} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="birthDate" label="出生日期" dependencies={['idNumber']} rules={[crossRule('birthDate')]} {...dateProps}>
          <DatePicker style={{ width: '100%' }} placeholder="YYYY-MM-DD" disabledDate={(d) => d.isAfter(dayjs())} />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="ethnicity" label="民族">
          <Input placeholder="如：汉族" maxLength={20} />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="email" label="电子邮箱" rules={[zodRule(TalentFieldsSchema.shape.email)]}>
          <Input inputMode="email" maxLength={120} />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="wechat" label="微信号">
          <Input maxLength={60} />
        </Form.Item>
      </Col>
      <SensitiveFields mode={mode} talent={talent} />
    </Row>
  );
}
