import { Col, Form, Input, Row, Select, Switch } from 'antd';
import type { County, Outpost } from '../../../../../../contracts/org.ts';
import type { WriteReach } from '../../access.ts';
import { third } from './formKit.ts';

interface Props {
  counties: County[];
  outposts: Outpost[];
  reach: WriteReach;
  /** The record's current owner county (kept as an option even if outside the list). */
  currentOwner?: string | null;
  canReadOutposts: boolean;
}

/** 与家乡的联系: native or not, home county and township, who owns the record, the recommending outpost. */
export function HomeFields({ counties, outposts, reach, currentOwner, canReadOutposts }: Props) {
  const active = counties.filter((c) => c.active || c.id === currentOwner);
  const ownerOptions = (reach.counties ? active.filter((c) => reach.counties!.includes(c.id)) : active).map((c) => ({ value: c.id, label: c.name }));
  // A county admin of one county: the owner is theirs and cannot be changed.
  const ownerLocked = !!reach.counties && reach.counties.length <= 1;
  const outpostOptions = (reach.cityWide || !reach.outposts.length ? outposts : outposts.filter((o) => reach.outposts.includes(o.id))).map((o) => ({ value: o.id, label: o.name }));
  const outpostLocked = !reach.cityWide && !reach.counties && reach.outposts.length === 1;
  const isNative = Form.useWatch('isNative');

  return (
    <Row gutter={16}>
      <Col {...third}>
        <Form.Item name="isNative" label="是否本籍" valuePropName="checked">
          <Switch checkedChildren="本籍" unCheckedChildren="非本籍" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="nativeCountyId" label="籍贯县（市、区）">
          <Select allowClear options={active.map((c) => ({ value: c.id, label: c.name }))} placeholder={isNative === false ? '非本籍可不填' : '请选择'} />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item name="nativeTownship" label="籍贯乡镇">
          <Input maxLength={40} placeholder="如：凤凰镇" />
        </Form.Item>
      </Col>
      <Col {...third}>
        <Form.Item
          name="ownerCountyId"
          label="所属县（市、区）"
          rules={[{ required: true, message: '请选择所属县（市、区）' }]}
          extra={ownerLocked ? '县（市、区）人才办只能登记本县区的人才' : '由该县区人才办负责联络和维护'}
        >
          <Select options={ownerOptions} disabled={ownerLocked} placeholder="请选择" />
        </Form.Item>
      </Col>
      {canReadOutposts && (
        <Col {...third}>
          <Form.Item name="outpostId" label="推荐工作站" extra={outpostLocked ? '由本工作站推荐' : undefined}>
            <Select allowClear options={outpostOptions} disabled={outpostLocked} placeholder="无" />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}
