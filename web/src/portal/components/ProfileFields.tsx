import { Alert, Card, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import { Link } from 'react-router-dom';
import { CATEGORIES, DEGREES, SUGGESTED_HONOURS, TITLE_LEVELS } from '../../../../contracts/talents.ts';
import { checkResidentId } from '../../../../contracts/id-number.ts';
import { IndustryCascader } from '../../features/talents/components/form/IndustryCascader.tsx';
import { LocationCascader } from '../../features/talents/components/form/LocationCascader.tsx';
import { dateProps, dictOptions } from '../../features/talents/components/form/formKit.ts';
import { portal, type PortalInfo } from '../api.ts';

const reviewed = <span style={{ color: '#d46b08', fontSize: 12, marginLeft: 6 }}>需审核</span>;

/** The profile form's fields in four cards; "需审核" marks fields the county reviews once linked. */
export function ProfileFields({ info, linked, idNumberMasked, sensitiveGranted }: { info: PortalInfo | null; linked: boolean; idNumberMasked: string | null; sensitiveGranted: boolean }) {
  const mark = linked ? reviewed : null;
  return (
    <>
      <Card title="基本信息">
        <Form.Item name="name" label={<>姓名{mark}</>} rules={[{ required: true, message: '请输入姓名' }]}>
          <Input maxLength={40} autoComplete="name" />
        </Form.Item>
        <Form.Item name="gender" label={<>性别{mark}</>}>
          <Radio.Group optionType="button" buttonStyle="solid" options={[{ value: 'male', label: '男' }, { value: 'female', label: '女' }]} />
        </Form.Item>
        <Form.Item name="birthDate" label={<>出生日期{mark}</>} {...dateProps}>
          <DatePicker style={{ width: '100%' }} placeholder="选择日期" inputReadOnly />
        </Form.Item>
        <Form.Item name="ethnicity" label={<>民族{mark}</>}>
          <Input maxLength={20} placeholder="如：汉族" />
        </Form.Item>
        <Form.Item name="nativeCountyId" label={<>籍贯县（市、区）{mark}</>} rules={[{ required: true, message: '请选择籍贯县（市、区）' }]} extra={linked ? undefined : '您的登记由该县（市、区）人才办确认'}>
          <Select placeholder="请选择" options={(info?.counties ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <Form.Item name="nativeTownship" label={<>籍贯乡镇{mark}</>}>
          <Input maxLength={40} />
        </Form.Item>
      </Card>
      <Card title="身份证件">
        {sensitiveGranted ? (
          <Form.Item
            name="idNumber"
            label={<>居民身份证号{mark}</>}
            extra={idNumberMasked ? `已登记：${idNumberMasked}。如需修改请输入完整号码，不修改请留空。` : '用于准确识别、避免重复登记（选填）'}
            rules={[{ validator: async (_r, v?: string) => { if (v) { const c = checkResidentId(v); if (!c.ok) throw new Error(c.reason); } } }]}
          >
            <Input maxLength={18} autoComplete="off" placeholder={idNumberMasked ?? '18 位身份证号'} />
          </Form.Item>
        ) : (
          <Alert type="info" showIcon title="您未同意处理敏感个人信息，无需填写证件号码" description={<Link to="/portal/consent">如需填写，请先单独同意</Link>} />
        )}
      </Card>
      <Card title="联系方式">
        <Form.Item name="phones" label="联系电话" extra="可填多个，输入后按回车">
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} placeholder="手机或带区号的固定电话" />
        </Form.Item>
        <Form.Item name="email" label="电子邮箱">
          <Input inputMode="email" />
        </Form.Item>
        <Form.Item name="wechat" label="微信号">
          <Input />
        </Form.Item>
        <Form.Item name="locationCode" label="现居地">
          <LocationCascader load={portal.divisions} />
        </Form.Item>
      </Card>
      <Card title="工作与学历">
        <Form.Item name="employer" label="工作单位">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="position" label="职务">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="industryCode" label={<>行业{mark}</>}>
          <IndustryCascader />
        </Form.Item>
        <Form.Item name="specialty" label="专业领域">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="degree" label={<>最高学历{mark}</>}>
          <Select allowClear options={dictOptions(DEGREES)} />
        </Form.Item>
        <Form.Item name="school" label={<>毕业院校{mark}</>}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="graduationYear" label={<>毕业年份{mark}</>}>
          <InputNumber style={{ width: '100%' }} min={1940} max={2100} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="titleLevel" label={<>职称级别{mark}</>}>
          <Select allowClear options={dictOptions(TITLE_LEVELS)} />
        </Form.Item>
      </Card>
      <Card title="人才类别与商会">
        <Form.Item name="category" label={<>人才类别{mark}</>}>
          <Select options={dictOptions(CATEGORIES)} />
        </Form.Item>
        <Form.Item name="honours" label={<>荣誉称号{mark}</>}>
          <Select mode="tags" options={SUGGESTED_HONOURS.map((h) => ({ value: h, label: h }))} placeholder="可选择或输入" />
        </Form.Item>
        <Form.Item name="chamberId" label="所属商会" extra="商会会员请选择所在的异地商会">
          <Select allowClear placeholder="不是商会会员可不选" options={(info?.chambers ?? []).map((c) => ({ value: c.id, label: c.divisionName ? `${c.name}（${c.divisionName}）` : c.name }))} />
        </Form.Item>
      </Card>
    </>
  );
}
