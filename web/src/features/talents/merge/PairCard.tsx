import { MergeCellsOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Popconfirm, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { CSSProperties, ReactNode } from 'react';
import { DEGREES, SOURCES } from '../../../../../contracts/talents.ts';
import { genderAge } from '../labels.ts';
import type { DuplicatePair, DuplicateRecord } from './api.ts';

const day = (iso: string) => dayjs(iso).format('YYYY-MM-DD');
const today = dayjs().format('YYYY-MM-DD');

/** The lines compared side by side (all masked). */
const LINES: [string, (r: DuplicateRecord) => string | null][] = [
  ['性别 · 年龄', (r) => genderAge(r.gender, r.birthDate, today)],
  ['出生日期', (r) => r.birthDate],
  ['证件号码', (r) => r.idNumberMasked],
  ['联系电话', (r) => r.phonesMasked.join('、') || null],
  ['所属县区', (r) => r.ownerCountyName],
  ['工作单位', (r) => [r.employer, r.position].filter(Boolean).join(' ') || null],
  ['学历 · 院校', (r) => [r.degree ? DEGREES[r.degree] : null, r.school].filter(Boolean).join(' · ') || null],
  ['现居地', (r) => r.locationName],
  ['来源', (r) => SOURCES[r.source as keyof typeof SOURCES] ?? r.source],
  ['登记 / 更新', (r) => `${day(r.createdAt)} / ${day(r.updatedAt)}`],
];

function Cell({ value, differs }: { value: string | null; differs: boolean }) {
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  return differs ? <Typography.Text strong style={{ color: '#d46b08' }}>{value}</Typography.Text> : <>{value}</>;
}

const cell: CSSProperties = { padding: '4px 8px', borderBottom: '1px solid #f0f0f0', verticalAlign: 'top', wordBreak: 'break-all' };

interface Props {
  pair: DuplicatePair;
  busy: boolean;
  onMerge(): void;
  onDismiss(): void;
}

/** One likely pair: score, reasons, both records side by side (differences highlighted), actions. */
export function PairCard({ pair, busy, onMerge, onDismiss }: Props) {
  const { a, b } = pair;
  const head = (r: DuplicateRecord): ReactNode => <a href={`/talents/${r.id}`} target="_blank" rel="noreferrer">{r.name}</a>;
  return (
    <Card
      size="small"
      data-testid="duplicate-pair"
      title={
        <Space wrap size={[8, 4]}>
          <Tag color={pair.score >= 100 ? 'red' : 'orange'}>{pair.score >= 100 ? '高度疑似' : '疑似'}（{pair.score} 分）</Tag>
          {pair.reasons.map((r) => <Tag key={r.code} color="blue">{r.label}</Tag>)}
        </Space>
      }
      extra={
        <Flex gap={8}>
          <Popconfirm
            title="确认不是同一人？"
            description="标记后这两条记录不再作为疑似重复提示。"
            okText="不是同一人"
            cancelText="取消"
            onConfirm={onDismiss}
          >
            <Button size="small" disabled={busy}>不是同一人</Button>
          </Popconfirm>
          <Button size="small" type="primary" icon={<MergeCellsOutlined />} disabled={busy} onClick={onMerge}>合并</Button>
        </Flex>
      }
    >
      <table style={{ width: '100%', borderCollapse: 'collapse', tableLayout: 'fixed' }}>
        <colgroup><col style={{ width: 96 }} /><col /><col /></colgroup>
        <thead>
          <tr>
            <th style={{ ...cell, textAlign: 'left' }} />
            <th style={{ ...cell, textAlign: 'left' }}>记录一：{head(a)}</th>
            <th style={{ ...cell, textAlign: 'left' }}>记录二：{head(b)}</th>
          </tr>
        </thead>
        <tbody>
          {LINES.map(([label, get]) => {
            const va = get(a);
            const vb = get(b);
            const differs = !!va && !!vb && va !== vb && label !== '登记 / 更新';
            return (
              <tr key={label}>
                <td style={{ ...cell, color: '#888' }}>{label}</td>
                <td style={cell}><Cell value={va} differs={differs} /></td>
                <td style={cell}><Cell value={vb} differs={differs} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
