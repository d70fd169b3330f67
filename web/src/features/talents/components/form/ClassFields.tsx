import { Col, DatePicker, Form, Row, Select } from 'antd';
import { CATEGORIES, RETURN_CHANNELS, SOURCES, STATUSES, SUGGESTED_HONOURS } from '../../../../../../contracts/talents.ts';
import type { Tier } from '../../api.ts';
import { crossRule } from './PersonFields.tsx';
import { dateProps, dictOptions, half, third } from './formKit.ts';

const SEPARATORS = [',', '，', '、', ';', '；'];

/** 分类与状态: category, tier, honours and tags, return status, source. */
export function ClassFields({ tiers }: { tiers: Tier[] }) {
  const status = Form.useWatch('status');
  return (
    <Row gutter={16}>
      <Col {...third}>
        <Form.Item name="category" label="人才类别" rules={[{ required: true, message: '请选择人才类别' }]}>
          <Select options={dictOptions(CATEGORIES)} placeholder="请选择" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="tier" label="人才层级">
          <Select
            allowClear
            placeholder="未评定"
            options={tiers.map((t) => ({ value: t.code, label: t.name, title: t.criteria }))}
            optionRender={(o) => (
              <div>
                <div>{o.label}</div>
                <div style={{ fontSize: 12, color: '#888', whiteSpace: 'normal' }}>{o.data.title}</div>
              </div>
            )}
          />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="source" label="来源" rules={[{ required: true, message: '请选择来源' }]}>
          <Select options={dictOptions(SOURCES)} />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="status" label="状态" rules={[{ required: true, message: '请选择状态' }]}>
          <Select options={dictOptions(STATUSES)} />
        </Form.Item>
      </Col>
      {status === 'returned' && (
        <>
          <Col {...third}>
            <Form.Item name="returnedAt" label="返乡日期" rules={[crossRule('returnedAt')]} dependencies={['status']} {...dateProps}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col {...third}>
            <Form.Item name="returnChannel" label="返乡渠道">
              <Select allowClear options={dictOptions(RETURN_CHANNELS)} placeholder="请选择" />
            </Form.Item>
          </Col>
        </>
      )}
      <Col {...half}>
        <Form.Item name="honours" label="荣誉称号" extra="可从列表选择，也可直接输入后回车">
          <Select mode="tags" tokenSeparators={SEPARATORS} options={SUGGESTED_HONOURS.map((h) => ({ value: h, label: h }))} placeholder="如：国家杰青" maxCount={20} />
        </Form.Item>
      </Col>
      <Col {...half}>
        <Form.Item name="tags" label="标签" extra="输入后回车，可添加多个">
          <Select mode="tags" tokenSeparators={SEPARATORS} open={false} suffixIcon={null} placeholder="如：重点联系、乡贤" maxCount={30} />
        </Form.Item>
      </Col>
    </Row>
  );
}
