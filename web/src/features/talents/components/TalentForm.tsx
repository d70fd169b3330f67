import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Form, Grid, Input, Typography, type FormInstance } from 'antd';
import type { KeyboardEvent, ReactNode } from 'react';
import type { County, Outpost } from '../../../../../contracts/org.ts';
import type { Talent } from '../../../../../contracts/talents.ts';
import type { WriteReach } from '../access.ts';
import type { Country, Tier } from '../api.ts';
import { impliedByIdNumber, type TalentFormValues } from '../formValues.ts';
import { ClassFields } from './form/ClassFields.tsx';
import type { FormMode } from './form/formKit.ts';
import { HomeFields } from './form/HomeFields.tsx';
import { PersonFields } from './form/PersonFields.tsx';
import { EducationFields, WorkFields } from './form/WorkFields.tsx';

export interface TalentFormProps {
  form: FormInstance<TalentFormValues>;
  mode: FormMode;
  /** The record being edited (null when creating). */
  talent: Talent | null;
  initialValues: TalentFormValues;
  counties: County[];
  outposts: Outpost[];
  countries: Country[];
  tiers: Tier[];
  reach: WriteReach;
  canReadOutposts: boolean;
  saving: boolean;
  onFinish(values: TalentFormValues): void;
  onCancel(): void;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <Typography.Title level={5} style={{ margin: '8px 0 16px', paddingBottom: 8, borderBottom: '1px solid #f0f0f0' }}>{title}</Typography.Title>
      {children}
    </section>
  );
}

/** 新增 / 编辑人才: every writable field in the detail page's groups; Ctrl+S saves. */
export function TalentForm(p: TalentFormProps) {
  const phone = Grid.useBreakpoint().md === false;
  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      p.form.submit();
    }
  };
  return (
    <Card onKeyDown={onKeyDown} styles={{ body: { paddingBottom: 0 } }}>
      <Flex align="center" gap={8} style={{ marginBottom: 8 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={p.onCancel} aria-label="返回" />
        <Typography.Title level={4} style={{ margin: 0 }}>{p.talent ? `编辑人才：${p.talent.name}` : '新增人才'}</Typography.Title>
      </Flex>
      <Form<TalentFormValues>
        form={p.form}
        layout="vertical"
        initialValues={p.initialValues}
        onFinish={p.onFinish}
        scrollToFirstError={{ block: 'center' }}
        autoComplete="off"
        onValuesChange={(changed: TalentFormValues, all: TalentFormValues) => {
          // A valid ID number tells birth date and gender: fill them in if still empty.
          if ('idNumber' in changed || 'idType' in changed) {
            const implied = impliedByIdNumber(all);
            if (Object.keys(implied).length) p.form.setFieldsValue(implied);
          }
        }}
      >
        <Section title="基本信息">
          <PersonFields mode={p.mode} talent={p.talent} />
        </Section>
        <Section title="与家乡的联系">
          <HomeFields counties={p.counties} outposts={p.outposts} reach={p.reach} currentOwner={p.talent?.ownerCountyId} canReadOutposts={p.canReadOutposts} />
        </Section>
        <Section title="现工作">
          <WorkFields countries={p.countries} />
        </Section>
        <Section title="学历职称">
          <EducationFields />
        </Section>
        <Section title="分类与状态">
          <ClassFields tiers={p.tiers} />
        </Section>
        <Section title="备注">
          <Form.Item name="remarks">
            <Input.TextArea rows={3} maxLength={1000} showCount placeholder="联络情况、家庭情况、意向等" />
          </Form.Item>
        </Section>
        <Flex
          justify="flex-end"
          gap={8}
          style={{ position: 'sticky', bottom: 0, background: '#fff', padding: '12px 0', borderTop: '1px solid #f0f0f0', zIndex: 2 }}
        >
          {!phone && <Typography.Text type="secondary" style={{ marginInlineEnd: 'auto', alignSelf: 'center', fontSize: 12 }}>Ctrl+S 保存</Typography.Text>}
          <Button onClick={p.onCancel}>取消</Button>
          <Button type="primary" htmlType="submit" loading={p.saving}>{p.mode === 'create' ? '保存并查看' : '保存修改'}</Button>
        </Flex>
      </Form>
    </Card>
  );
}
