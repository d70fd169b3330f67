import { App, Alert, Button, Card, Descriptions, Drawer, Empty, Grid, Space, Spin, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { REVIEW_STATUSES } from '../../../../../contracts/portal-admin.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { portalAdminApi, type RegistrationDetail } from '../api.ts';
import { fieldLabel, fieldValue } from './labels.ts';
import { ReasonModal } from './ReasonModal.tsx';

const STATUS_COLORS = { pending: 'gold', approved: 'green', rejected: 'red', withdrawn: 'default' } as const;

/**
 * One portal registration: what the talent submitted (masked), the registry records the duplicate
 * rules matched (in the reviewer's scope), and the decision — link to a record, create a new
 * self-registered record, or return it with a reason.
 */
export function RegistrationDrawer({ id, onClose }: { id: string; onClose(changed: boolean): void }) {
  const { modal } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const [d, setD] = useState<RegistrationDetail | null>(null);
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [changed, setChanged] = useState(false);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    portalAdminApi.registration(id).then(setD, (e: unknown) => {
      showError(e);
      closeRef.current(false);
    });
  }, [id]);

  const approve = (linkTalentId: string | null) => {
    if (!d) return;
    const run = async () => {
      setBusy(true);
      try {
        setD(await portalAdminApi.approveRegistration(d.id, d.version, linkTalentId));
        setChanged(true);
        toast().success(linkTalentId ? '已确认并关联到人才记录' : '已确认，新建人才记录');
      } catch (e) {
        showError(e);
      } finally {
        setBusy(false);
      }
    };
    modal.confirm({
      title: linkTalentId ? '确认关联' : '确认登记',
      content: linkTalentId
        ? '确认此账号本人即该人才记录的当事人？关联后其联系方式等信息将写入该记录，身份和分类信息的差异将作为待审核变更。'
        : d.candidates.length + d.hiddenCandidates > 0
          ? '人才库中有疑似同一人的记录。确认不是同一人，新建一条“本人登记”记录？'
          : `将在${d.countyName ?? ''}新建一条来源为“本人登记”的人才记录。`,
      okText: '确认',
      cancelText: '取消',
      onOk: run,
    });
  };

  const pending = d?.status === 'pending';
  return (
    <Drawer open size={phone ? '100%' : 640} title={d ? `本人登记：${d.name ?? ''}` : '本人登记'} onClose={() => onClose(changed)} destroyOnHidden>
      {!d ? (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap>
            <Tag color={STATUS_COLORS[d.status]}>{REVIEW_STATUSES[d.status]}</Tag>
            <Tag color={d.kind === 'link' ? 'blue' : 'default'}>{d.kind === 'link' ? '匹配到已有记录' : '新登记'}</Tag>
            <span style={{ color: '#888' }}>账号 {d.accountMasked} · 提交于 {dayjs(d.createdAt).format('YYYY-MM-DD HH:mm')}</span>
          </Space>
          {d.reason && <Alert type="error" title={`退回原因：${d.reason}`} />}
          {d.status === 'approved' && d.talentId && (
            <Alert type="success" title={<>已由 {d.reviewedByName} 确认，<Link to={`/talents/${d.talentId}`}>查看人才记录</Link></>} />
          )}
          <Descriptions bordered size="small" column={1} title="提交的信息">
            {d.data.map((x) => (
              <Descriptions.Item key={x.field} label={fieldLabel(x.field)}>
                {fieldValue(x.field, x.value)}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <div>
            <div style={{ fontWeight: 600, marginBottom: 8 }}>{d.kind === 'link' ? '匹配到的人才记录' : '疑似同一人的记录'}</div>
            {d.candidates.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={d.hiddenCandidates ? `其他县（市、区）有 ${d.hiddenCandidates} 条疑似记录，如需核实请联系市委人才办` : '人才库中没有疑似同一人的记录'} />
            ) : (
              d.candidates.map((c) => (
                <Card key={c.id} size="small" style={{ marginBottom: 8 }} data-testid="candidate">
                  <Space direction="vertical" size={2} style={{ width: '100%' }}>
                    <Space wrap>
                      <Link to={`/talents/${c.id}`}>{c.name}</Link>
                      <span>{fieldValue('gender', c.gender)}</span>
                      <span>{c.birthDate ?? ''}</span>
                      <span>{c.ownerCountyName}</span>
                      {c.linked && <Tag color="red">已关联其他账号</Tag>}
                    </Space>
                    <div style={{ color: '#666' }}>{[c.employer, c.idNumberMasked, c.phonesMasked.join('、')].filter(Boolean).join(' · ')}</div>
                    <Space wrap>
                      {c.reasons.map((r) => (
                        <Tag key={r} color="blue">{r}</Tag>
                      ))}
                    </Space>
                    {pending && (
                      <Button type={d.kind === 'link' ? 'primary' : 'default'} disabled={c.linked} loading={busy} onClick={() => approve(c.id)}>
                        确认是本人，关联到此记录
                      </Button>
                    )}
                  </Space>
                </Card>
              ))
            )}
            {d.hiddenCandidates > 0 && d.candidates.length > 0 && <div style={{ color: '#888' }}>另有 {d.hiddenCandidates} 条疑似记录在其他县（市、区）。</div>}
          </div>
          {pending && (
            <Space wrap>
              <Button type={d.kind === 'new' ? 'primary' : 'default'} loading={busy} onClick={() => approve(null)}>
                {d.kind === 'link' ? '不是同一人，新建记录' : '确认登记，新建记录'}
              </Button>
              <Button danger onClick={() => setRejecting(true)}>退回</Button>
            </Space>
          )}
          {rejecting && (
            <ReasonModal
              title="退回登记"
              hint="如：信息不完整、无法核实身份、非本市籍人员等"
              onClose={() => setRejecting(false)}
              onSubmit={async (reason) => {
                setD(await portalAdminApi.rejectRegistration(d.id, d.version, reason));
                setChanged(true);
                toast().success('已退回');
              }}
            />
          )}
        </Space>
      )}
    </Drawer>
  );
}
