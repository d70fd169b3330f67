import { Alert, Card, Empty, List, Radio, Space, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { HOTLINE_CATEGORIES } from '../../../../../contracts/hotline.ts';
import type { LookupResult } from '../api.ts';
import { SlaTag, StatusTag, bjTime } from '../labels.tsx';

/**
 * What the desk knows about the number on the line: matching talents of the registry (masked,
 * within scope) and the number's earlier cases. Choosing a talent links the new case to it.
 */
export function CallerPanel({ result, loading, talentId, onTalent }: { result: LookupResult | null; loading: boolean; talentId: string | null; onTalent: (id: string | null) => void }) {
  if (loading) return <Card title="来电人信息"><Spin /></Card>;
  if (!result) {
    return (
      <Card title="来电人信息">
        <Typography.Text type="secondary">输入来电号码后，这里立即显示人才库中的匹配人员和历史诉求。</Typography.Text>
      </Card>
    );
  }
  return (
    <Card title={<>来电人信息 <Tag>{result.phoneMasked}</Tag></>} data-testid="caller-panel">
      {result.talents.length === 0 ? (
        <Alert type="info" showIcon message="人才库中没有该号码（或不在本层级范围内）" style={{ marginBottom: 12 }} />
      ) : (
        <Radio.Group value={talentId ?? ''} onChange={(e) => onTalent((e.target.value as string) || null)} style={{ width: '100%', marginBottom: 12 }}>
          <Space direction="vertical" style={{ width: '100%' }}>
            {result.talents.map((t) => (
              <Radio key={t.id} value={t.id} tabIndex={-1}>
                <Typography.Text strong data-testid="caller-talent">{t.name}</Typography.Text>
                {t.gender && <> · {t.gender}</>}
                {t.ownerCountyName && <> · {t.ownerCountyName}</>} · {t.category} · {t.status}
                <br />
                <Typography.Text type="secondary">
                  {[t.employer, t.position, t.locationName].filter(Boolean).join(' · ') || '—'} · {t.phonesMasked.join('、')}
                </Typography.Text>
              </Radio>
            ))}
            <Radio value="" tabIndex={-1}>不关联人才</Radio>
          </Space>
        </Radio.Group>
      )}
      <Typography.Title level={5} style={{ marginTop: 0 }}>历史诉求（{result.cases.length}）</Typography.Title>
      {result.cases.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有历史诉求" />
      ) : (
        <List
          size="small"
          data-testid="caller-history"
          dataSource={result.cases}
          renderItem={(c) => (
            <List.Item>
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space wrap size={4}>
                  <Link to={`/hotline/cases/${c.id}`} target="_blank" tabIndex={-1}>{c.number}</Link>
                  <StatusTag status={c.status} waiting={c.waitingCaller} />
                  <Tag>{HOTLINE_CATEGORIES[c.category]}</Tag>
                  {(c.status === 'new' || c.status === 'in_progress') && <SlaTag sla={c.resolution} label="办结" />}
                </Space>
                <Typography.Text>{c.subject}</Typography.Text>
                <Typography.Text type="secondary">{bjTime(c.createdAt)} · {c.levelName}{c.assigneeName ? ` · ${c.assigneeName}` : ''}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
