import { Col, Form, Input, InputNumber, Row, Segmented, Select } from 'antd';
import { DEGREES, TITLE_LEVELS } from '../../../../../../contracts/talents.ts';
import type { Country } from '../../api.ts';
import { dictOptions, full, half, third } from './formKit.ts';
import { IndustryCascader } from './IndustryCascader.tsx';
import { LocationCascader } from './LocationCascader.tsx';

/** 现工作: where they live (a Chinese division or a country abroad), employer, industry, specialty. */
export function WorkFields({ countries }: { countries: Country[] }) {
  const abroad = Form.useWatch('abroad');
  return (
    <Row gutter={16}>
      <Col {...half}>
        <Form.Item label="现居地" required={false} style={{ marginBottom: 0 }}>
          <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
            <Form.Item name="abroad" noStyle>
              <Segmented options={[{ value: false, label: '境内' }, { value: true, label: '境外' }]} />
            </Form.Item>
            <div style={{ flex: 1, minWidth: 0 }}>
              {abroad ? (
                <Form.Item name="locationCountry">
                  <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={countries.map((c) => ({ value: c.code, label: c.name }))} placeholder="国家或地区" />
                </Form.Item>
              ) : (
                <Form.Item name="locationCode">
                  <LocationCascader />
                </Form.Item>
              )}
            </div>
          </div>
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="industryCode" label="行业">
          <IndustryCascader />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="employer" label="工作单位">
          <Input maxLength={100} placeholder="单位全称" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="position" label="职务">
          <Input maxLength={60} />
        </Form.Item>
      </Col>
      <Col {...full}>
        <Form.Item name="specialty" label="专业领域">
          <Input maxLength={100} placeholder="如：人工智能、心血管内科、精细化工" />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** 学历职称. */
export function EducationFields() {
  return (
    <Row gutter={16}>
      <Col {...third}>
        <Form.Item name="degree" label="最高学历">
          <Select allowClear options={dictOptions(DEGREES)} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="school" label="毕业院校">
          <Input maxLength={60} />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="graduationYear" label="毕业年份">
          <InputNumber min={1940} max={2100} precision={0} style={{ width: '100%' }} placeholder="如 2012" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="titleLevel" label="职称级别">
          <Select allowClear options={dictOptions(TITLE_LEVELS)} placeholder="请选择" />
        </Form.Item>
      </Col>
    </Row>
  );
}
