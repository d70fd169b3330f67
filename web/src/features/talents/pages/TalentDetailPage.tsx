import { ArrowLeftOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { CATEGORIES } from '../../../../../contracts/talents.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { hasAnyRole, OUTPOST_READERS, PII_VIEWERS, TALENT_WRITERS } from '../access.ts';
import { TalentDetails } from '../components/TalentDetails.tsx';
import { TalentHistory } from '../components/TalentHistory.tsx';
import { StatusTag, TierTag } from '../components/TalentTable.tsx';
import { useLookups } from '../hooks/useLookups.ts';
import { REVEAL_SECONDS, useReveal } from '../hooks/useReveal.ts';
import { useTalent } from '../hooks/useTalent.ts';
import { genderAge } from '../labels.ts';

/** Back to the list the user came from (keeping its search), or the plain list. */
function useBack() {
  const navigate = useNavigate();
  return () => (window.history.state?.idx > 0 ? navigate(-1) : navigate('/talents'));
}

export function TalentMissing() {
  const back = useBack();
  return <Result status="404" title="人才记录不存在或无权查看" subTitle="该记录可能已被合并或删除，或不在您的工作范围内。" extra={<Button type="primary" onClick={back}>返回人才信息库</Button>} />;
}

/** 人才详情: every field in groups, masked PII with an audited 查看, and the change history. */
export default function TalentDetailPage() {
  const { id } = useParams();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const back = useBack();
  const { modal } = App.useApp();
  const { talent: t, state, reload } = useTalent(id);
  const lookups = useLookups();
  const pii = useReveal(id);
  const canEdit = hasAnyRole(user, TALENT_WRITERS);
  // The open tab is in the URL (…?tab=history), so a link can point at the history.
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'history' ? 'history' : 'info';

  useEffect(() => {
    if (t) document.title = `${t.name} · 人才信息库 · 凤归`;
  }, [t]);

  if (state === 'missing') return <TalentMissing />;
  if (state === 'failed') return <Result status="warning" title="人才记录暂时无法加载" extra={<Button icon={<ReloadOutlined />} onClick={() => void reload()}>重试</Button>} />;
  if (!t) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;

  const confirmReveal = () =>
    modal.confirm({
      title: '查看完整证件号码和联系电话',
      content: (
        <>
          <p>本次查看将记入审计日志（查看人、时间、对象），请仅在工作需要时查看，勿截屏、抄录或外传。</p>
          <p style={{ marginBottom: 0 }}>完整信息将在 {REVEAL_SECONDS} 秒后自动隐藏。</p>
        </>
      ),
      okText: '确认查看',
      cancelText: '取消',
      onOk: pii.reveal,
    });

  const today = dayjs().format('YYYY-MM-DD');
  const subtitle = [genderAge(t.gender, t.birthDate, today), t.ownerCountyName, [t.employer, t.position].filter(Boolean).join(' ')].filter((s) => s && s !== '—');

  return (
    <Card>
      <Flex justify="space-between" align="flex-start" wrap gap={12} style={{ marginBottom: 8 }}>
        <div style={{ minWidth: 0 }}>
          <Space wrap size={8} align="center">
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={back} aria-label="返回" />
            <Typography.Title level={3} style={{ margin: 0 }}>{t.name}</Typography.Title>
            <StatusTag status={t.status} />
            {t.tier && <TierTag tier={t.tier} lookups={lookups} />}
            <Tag>{CATEGORIES[t.category]}</Tag>
          </Space>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0 40px' }}>{subtitle.join(' · ')}</Typography.Paragraph>
        </div>
        {canEdit && (
          <Button type="primary" icon={<EditOutlined />} onClick={() => navigate(`/talents/${t.id}/edit`)}>编辑</Button>
        )}
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'history' ? { tab: k } : {}, { replace: true })}
        items={[
          {
            key: 'info',
            label: '详细信息',
            children: (
              <TalentDetails
                t={t}
                lookups={lookups}
                reveal={{ allowed: hasAnyRole(user, PII_VIEWERS), revealed: pii.revealed, secondsLeft: pii.secondsLeft, loading: pii.loading, onReveal: confirmReveal, onHide: pii.hide }}
              />
            ),
          },
          { key: 'history', label: '变更历史', children: <TalentHistory talentId={t.id} canReadOutposts={hasAnyRole(user, OUTPOST_READERS)} /> },
        ]}
        destroyOnHidden
      />
    </Card>
  );
}
