import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Button, Descriptions, Flex, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { CATEGORIES, DEGREES, GENDERS, ID_TYPES, RETURN_CHANNELS, SOURCES, TITLE_LEVELS, type Talent } from '../../../../../contracts/talents.ts';
import type { Revealed } from '../hooks/useReveal.ts';
import { ageOf, type NameLookups } from '../labels.ts';
import { StatusTag, TierTag } from './TalentTable.tsx';

export interface RevealControl {
  /** Whether this user may unmask at all (PII_VIEWERS). */
  allowed: boolean;
  revealed: Revealed | null;
  secondsLeft: number;
  loading: boolean;
  onReveal(): void;
  onHide(): void;
}

const none = <Typography.Text type="secondary">—</Typography.Text>;
const v = (x: ReactNode) => (x === null || x === undefined || x === '' ? none : x);
const tags = (xs: string[], color?: string) => (xs.length ? <Flex wrap gap={4}>{xs.map((x) => <Tag key={x} color={color} style={{ marginInlineEnd: 0 }}>{x}</Tag>)}</Flex> : none);

/** A masked value with 查看 (for PII viewers), or the clear value while revealed. */
function Sensitive({ masked, clear, r, label }: { masked: ReactNode; clear: ReactNode; r: RevealControl; label: string }) {
  if (r.revealed) {
    return (
      <Space wrap size={4}>
        <span data-testid={`revealed-${label}`}>{clear}</span>
        <Button size="small" type="link" icon={<EyeInvisibleOutlined />} onClick={r.onHide}>隐藏（{r.secondsLeft} 秒）</Button>
      </Space>
    );
  }
  return (
    <Space wrap size={4}>
      <span data-testid={`masked-${label}`}>{masked}</span>
      {r.allowed && (
        <Button size="small" type="link" icon={<EyeOutlined />} loading={r.loading} onClick={r.onReveal} aria-label={`查看完整${label}`}>查看</Button>
      )}
    </Space>
  );
}

/** Every field of a record, in the groups a clerk thinks in. */
export function TalentDetails({ t, lookups, reveal }: { t: Talent; lookups: NameLookups; reveal: RevealControl }) {
  const age = ageOf(t.birthDate, dayjs().format('YYYY-MM-DD'));
  const idText = t.idNumberMasked ? (
    <Sensitive label="证件号码" masked={t.idNumberMasked} clear={reveal.revealed?.idNumber ?? '—'} r={reveal} />
  ) : (
    none
  );
  const phoneText = t.phonesMasked.length ? (
    <Sensitive label="联系电话" masked={t.phonesMasked.join('，')} clear={reveal.revealed?.phones.join('，') || '—'} r={reveal} />
  ) : (
    none
  );

  const groups: [string, DescriptionsProps['items']][] = [
    [
      '基本信息',
      [
        { label: '姓名', children: t.name },
        { label: '性别', children: v(t.gender && GENDERS[t.gender]) },
        { label: '出生日期', children: v(t.birthDate && `${t.birthDate}${age !== null ? `（${age} 岁）` : ''}`) },
        { label: '民族', children: v(t.ethnicity) },
        { label: '证件类型', children: v(t.idType && ID_TYPES[t.idType]) },
        { label: '证件号码', children: idText },
        { label: '联系电话', children: phoneText },
        { label: '电子邮箱', children: v(t.email) },
        { label: '微信号', children: v(t.wechat) },
      ],
    ],
    [
      '与家乡的联系',
      [
        { label: '是否本籍', children: t.isNative ? '本籍人才' : '非本籍（引进人才）' },
        { label: '籍贯', children: v([t.nativeCountyName, t.nativeTownship].filter(Boolean).join(' ')) },
        { label: '所属县（市、区）', children: v(t.ownerCountyName) },
        { label: '推荐工作站', children: v(t.outpostName) },
      ],
    ],
    [
      '现工作',
      [
        { label: '现居地', children: v(t.locationName && (t.locationCountry ? <>{t.locationName} <Tag>境外</Tag></> : t.locationName)) },
        { label: '工作单位', children: v(t.employer) },
        { label: '职务', children: v(t.position) },
        { label: '行业', children: v(t.industryName) },
        { label: '专业领域', children: v(t.specialty) },
      ],
    ],
    [
      '学历职称',
      [
        { label: '最高学历', children: v(t.degree && DEGREES[t.degree]) },
        { label: '毕业院校', children: v(t.school) },
        { label: '毕业年份', children: v(t.graduationYear) },
        { label: '职称级别', children: v(t.titleLevel && TITLE_LEVELS[t.titleLevel]) },
      ],
    ],
    [
      '分类与状态',
      [
        { label: '人才类别', children: CATEGORIES[t.category] },
        { label: '人才层级', children: t.tier ? <Space size={4}><TierTag tier={t.tier} lookups={lookups} />{lookups.tiers.get(t.tier)}</Space> : none },
        { label: '状态', children: <StatusTag status={t.status} /> },
        ...(t.status === 'returned'
          ? [
              { label: '返乡日期', children: v(t.returnedAt) },
              { label: '返乡渠道', children: v(t.returnChannel && RETURN_CHANNELS[t.returnChannel]) },
            ]
          : []),
        { label: '来源', children: SOURCES[t.source] },
        { label: '荣誉称号', children: tags(t.honours, 'gold'), span: 'filled' as const },
        { label: '标签', children: tags(t.tags), span: 'filled' as const },
      ],
    ],
    [
      '备注',
      [
        { label: '备注', children: v(t.remarks && <span style={{ whiteSpace: 'pre-wrap' }}>{t.remarks}</span>), span: 'filled' as const },
        { label: '登记时间', children: dayjs(t.createdAt).format('YYYY-MM-DD HH:mm') },
        { label: '最后更新', children: dayjs(t.updatedAt).format('YYYY-MM-DD HH:mm') },
      ],
    ],
  ];

  return (
    <Flex vertical gap={20}>
      {groups.map(([title, items]) => (
        <Descriptions
          key={title}
          title={title}
          items={items}
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
          styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
        />
      ))}
    </Flex>
  );
}
