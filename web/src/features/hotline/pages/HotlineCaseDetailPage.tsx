import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Flex, Result, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { CONTACT_PREFS, HOTLINE_CATEGORIES, HOTLINE_OUTCOMES, HOTLINE_STATUSES } from '../../../../../contracts/hotline.ts';
import { ApiError } from '../../../api/client.ts';
import { showError } from '../../../api/errors.ts';
import { hotlineApi, type HotlineCaseDetail } from '../api.ts';
import { ACTION_TITLES, ActionModal, type ActionKind } from '../components/ActionModal.tsx';
import { CollectTalentModal } from '../components/CollectTalentModal.tsx';
import { SlaTag, SourceTag, StatusTag, bjTime, workingTime } from '../labels.tsx';

const EVENT_LABELS: Record<string, string> = {
  create: '登记', accept: '受理', transfer: '转办', assign: '指派', wait: '等待来电人', resume: '恢复办理', answer: '答复', close: '办结',
  cancel: '撤销', follow_up: '回访', reopen: '重新办理', escalate: '超时督办', note: '备注', talent: '人才信息',
};
const EVENT_COLORS: Record<string, string> = { escalate: 'red', cancel: 'gray', close: 'green', reopen: 'orange', transfer: 'blue' };

/** Which actions the case's status allows (the server checks the same). */
function actionsFor(c: HotlineCaseDetail): ActionKind[] {
  switch (c.status) {
    case 'new': return ['accept', 'answer', 'transfer', 'assign', 'close', 'cancel', 'notes'];
    case 'in_progress': return [c.waitingCaller ? 'resume' : 'wait', 'answer', 'close', 'transfer', 'assign', 'cancel', 'notes'];
    case 'follow_up': return ['follow-up', 'close', 'assign', 'cancel', 'notes'];
    case 'closed': return ['follow-up', 'reopen', 'notes'];
    default: return ['notes'];
  }
}

export default function HotlineCaseDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [c, setC] = useState<HotlineCaseDetail | null>(null);
  const [missing, setMissing] = useState(false);
  const [action, setAction] = useState<ActionKind | null>(null);
  const [collect, setCollect] = useState(false);
  const load = useCallback(() => {
    hotlineApi.get(id).then(setC, (e: unknown) => (e instanceof ApiError && e.status === 404 ? setMissing(true) : showError(e)));
  }, [id]);
  useEffect(load, [load]);

  if (missing) return <Result status="404" title="诉求不存在或不在您的范围内" extra={<Button onClick={() => navigate('/hotline/cases')}>返回诉求列表</Button>} />;
  if (!c) return <Card><Skeleton active /></Card>;
  const acts = actionsFor(c);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<Space wrap><Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} aria-label="返回" />{c.number}<StatusTag status={c.status} waiting={c.waitingCaller} /><SourceTag source={c.source} />{c.escalatedAt && (c.firstResponse.state === 'overdue' || c.resolution.state === 'overdue') && <Tag color="red">督办</Tag>}</Space>}
        extra={
          <Flex wrap gap={8} justify="flex-end">
            {acts.map((a, i) => (
              <Button key={a} type={i === 0 ? 'primary' : 'default'} danger={a === 'cancel'} onClick={() => setAction(a)} data-testid={`act-${a}`}>
                {ACTION_TITLES[a].replace(/（.*）/, '')}
              </Button>
            ))}
            {c.status !== 'closed' && c.status !== 'cancelled' && <Button onClick={() => setCollect(true)}>登记人才信息</Button>}
          </Flex>
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={16}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered>
              <Descriptions.Item label="标题" span={2}>{c.subject}</Descriptions.Item>
              <Descriptions.Item label="类别">{HOTLINE_CATEGORIES[c.category]}</Descriptions.Item>
              <Descriptions.Item label="承办">{c.levelName}{c.assigneeName ? ` · ${c.assigneeName}` : '（未指派）'}</Descriptions.Item>
              <Descriptions.Item label="来电人">{c.callerName ?? '—'} {c.callerPhoneMasked && <Tag>{c.callerPhoneMasked}</Tag>}</Descriptions.Item>
              <Descriptions.Item label="回复方式">{CONTACT_PREFS[c.contactPref]}{c.contactNote ? `（${c.contactNote}）` : ''}</Descriptions.Item>
              <Descriptions.Item label="关联人才" span={2}>
                {c.talent ? <Link to={`/talents/${c.talent.id}`}>{c.talent.name}</Link> : c.talentName ?? '未关联'}
                {c.talent && <Typography.Text type="secondary"> · {[c.talent.ownerCountyName, c.talent.employer, c.talent.position].filter(Boolean).join(' · ')}</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label="诉求内容" span={2}><Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.content}</Typography.Paragraph></Descriptions.Item>
              <Descriptions.Item label="答复" span={2}>{c.answer ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.answer}</Typography.Paragraph> : '—'}</Descriptions.Item>
              {c.outcome && <Descriptions.Item label="办理结果" span={2}>{HOTLINE_OUTCOMES[c.outcome]}{c.outcomeNote ? `：${c.outcomeNote}` : ''}</Descriptions.Item>}
              {c.satisfaction && <Descriptions.Item label="回访满意度" span={2}>{'★'.repeat(c.satisfaction)}{'☆'.repeat(5 - c.satisfaction)} {c.followUpNote}</Descriptions.Item>}
            </Descriptions>
          </Col>
          <Col xs={24} lg={8}>
            <Card size="small" title="办理时限（工作时间）">
              <Descriptions column={1} size="small">
                <Descriptions.Item label="首次响应"><SlaTag sla={c.firstResponse} label="首次响应" /> {workingTime(c.firstResponse.usedMinutes)} / {workingTime(c.firstResponse.targetMinutes)}</Descriptions.Item>
                <Descriptions.Item label="办结"><SlaTag sla={c.resolution} label="办结" /> {workingTime(c.resolution.usedMinutes)} / {workingTime(c.resolution.targetMinutes)}</Descriptions.Item>
                <Descriptions.Item label="暂停计时">{workingTime(c.pausedMinutes)}</Descriptions.Item>
                <Descriptions.Item label="登记时间">{bjTime(c.createdAt)}</Descriptions.Item>
                {c.reopenCount > 0 && <Descriptions.Item label="重新办理">{c.reopenCount} 次</Descriptions.Item>}
              </Descriptions>
            </Card>
          </Col>
        </Row>
      </Card>
      <Card title="办理记录">
        {c.events.length === 0 ? <Empty /> : (
          <Timeline
            items={c.events.map((e) => ({
              color: EVENT_COLORS[e.action] ?? 'blue',
              children: (
                <div data-testid="timeline-item">
                  <Typography.Text strong>{EVENT_LABELS[e.action] ?? e.action}</Typography.Text>
                  {e.toStatus && <Typography.Text type="secondary">（{e.fromStatus ? `${HOTLINE_STATUSES[e.fromStatus]} → ` : ''}{HOTLINE_STATUSES[e.toStatus]}）</Typography.Text>}
                  <Typography.Text type="secondary"> · {e.actorName ?? '系统'} · {bjTime(e.at)}</Typography.Text>
                  {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
                </div>
              ),
            }))}
          />
        )}
      </Card>
      <ActionModal kind={action} c={c} onClose={() => setAction(null)} onDone={(n) => { setAction(null); setC(n); load(); }} />
      <CollectTalentModal open={collect} c={c} onClose={() => setCollect(false)} onDone={() => { setCollect(false); load(); }} />
    </Space>
  );
}
