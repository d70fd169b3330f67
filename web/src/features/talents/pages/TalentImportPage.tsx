import { ArrowLeftOutlined, CloudUploadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Flex, Progress, Result, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { showError } from '../../../api/errors.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { collectionsApi, type Collection } from '../../collections/api.ts';
import { importApi, type Planned } from '../import/api.ts';
import { ImportDone } from '../import/ImportDone.tsx';
import { ImportErrors } from '../import/ImportErrors.tsx';
import { ImportMatches } from '../import/ImportMatches.tsx';
import { ImportTotals } from '../import/ImportSummary.tsx';
import { ImportUpload } from '../import/ImportUpload.tsx';
import { confirmText, importStage, STAGE_COLORS, STAGE_LABELS } from '../import/importText.ts';
import { RecentImports } from '../import/RecentImports.tsx';
import { useImportJob } from '../import/useImportJob.ts';

const UNCHANGED = '人才信息库未做任何修改。';

/** 批量导入: template → upload → check (errors, likely duplicates, decisions) → 确认导入 → result. */
export default function TalentImportPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const user = useCurrentUser();
  const id = params.get('id');
  const job = useImportJob(id);
  const s = job.status;
  const campaignId = params.get('campaignId') ?? s?.campaignId ?? undefined;
  const [campaign, setCampaign] = useState<Collection | null>(null);
  const [planned, setPlanned] = useState<Planned | null>(null);
  const [commitAsked, setCommitAsked] = useState(false);

  useEffect(() => {
    setCampaign(null);
    if (campaignId) collectionsApi.get(campaignId).then(setCampaign, showError);
  }, [campaignId]);
  useEffect(() => setPlanned(s?.report?.planned ?? null), [s?.report]);
  useEffect(() => setCommitAsked(false), [id]);

  const open = (next: string | null) => {
    const p = new URLSearchParams();
    if (next) p.set('id', next);
    if (campaignId && !next) p.set('campaignId', campaignId);
    setParams(p);
  };
  const again = () => navigate(campaignId ? `/talents/import?campaignId=${campaignId}` : '/talents/import');

  const stage = s ? importStage(s, commitAsked) : null;
  const report = s?.report ?? null;

  const commit = () => {
    if (!s || !report || !planned) return;
    modal.confirm({
      title: '确认导入',
      content: confirmText(planned, report.errorRows),
      okText: '确认导入',
      cancelText: '再检查一下',
      onOk: async () => {
        try {
          await importApi.commit(s.id);
          setCommitAsked(true);
          job.refresh();
        } catch (e) {
          showError(e);
        }
      },
    });
  };

  const header = (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Flex align="center" gap={8} style={{ minWidth: 0 }}>
        <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(campaignId ? `/collections/${campaignId}` : '/talents')} aria-label="返回" />
        <Typography.Title level={4} style={{ margin: 0 }}>批量导入人才</Typography.Title>
        {s && stage && <Tag color={STAGE_COLORS[stage]}>{STAGE_LABELS[stage]}</Tag>}
        {s && <Typography.Text type="secondary" ellipsis>{s.fileName}</Typography.Text>}
      </Flex>
      {id && (stage === 'previewed' || stage === 'commit-failed') && <Button icon={<CloudUploadOutlined />} onClick={again}>重新上传</Button>}
    </Flex>
  );

  const campaignNote = campaign && (
    <Alert
      type="info"
      showIcon
      title={<>本次导入将计入信息统计 <Link to={`/collections/${campaign.id}`}>“{campaign.title}”</Link>（截止 {campaign.deadline}）</>}
    />
  );

  let body;
  if (!id) {
    body = (
      <>
        <ImportUpload campaignId={campaignId} onUploaded={open} />
        <RecentImports cityWide={user.roles.some((r) => r.role === 'city_admin')} />
      </>
    );
  } else if (job.missing) {
    body = <Result status="404" title="导入记录不存在或无权查看" extra={<Button type="primary" onClick={again}>上传文件</Button>} />;
  } else if (!s || !stage) {
    body = <Skeleton active />;
  } else if (stage === 'previewing' || stage === 'committing') {
    body = (
      <Card>
        <Typography.Paragraph>{stage === 'previewing' ? '正在逐行检查文件，请稍候…' : '正在写入人才信息库，请勿关闭页面…'}</Typography.Paragraph>
        <Progress percent={s.progress} status="active" data-testid="import-progress" />
      </Card>
    );
  } else if (stage === 'preview-failed') {
    body = <Result status="error" title="文件检查失败" subTitle={<>{s.error}<br />{UNCHANGED}</>} extra={<Button type="primary" icon={<ReloadOutlined />} onClick={again}>重新上传</Button>} />;
  } else if (!report || !planned) {
    body = <Skeleton active />;
  } else if (stage === 'committed') {
    body = (
      <>
        <ImportTotals report={report} planned={planned} committed />
        <ImportDone status={s} campaignTitle={campaign?.title} onAgain={again} />
      </>
    );
  } else {
    const nothing = planned.create + planned.update === 0;
    body = (
      <>
        {stage === 'commit-failed' && <Alert type="error" showIcon title={`导入失败：${s.error ?? '未知原因'}`} description={`${UNCHANGED}可以处理后再次确认导入。`} />}
        <ImportTotals report={report} planned={planned} committed={false} />
        <ImportErrors importId={s.id} report={report} />
        <ImportMatches importId={s.id} multiSheet={report.sheets.length > 1} locked={false} onPlanned={setPlanned} />
        <Card size="small">
          <Flex justify="space-between" align="center" wrap gap={8}>
            <Typography.Text>{confirmText(planned, report.errorRows)}</Typography.Text>
            <Tooltip title={nothing ? '没有要新增或更新的行' : undefined}>
              <Button type="primary" size="large" disabled={nothing} onClick={commit}>确认导入</Button>
            </Tooltip>
          </Flex>
        </Card>
      </>
    );
  }

  return (
    <Flex vertical gap={16}>
      {header}
      {campaignNote}
      {body}
    </Flex>
  );
}
