import { Alert, Button, Card, Form, List, Skeleton, Tag } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { TALENT_FIELD_LABELS } from '../../../../contracts/talents.ts';
import { ApiError } from '../../api/client.ts';
import { showError } from '../../api/errors.ts';
import { toast } from '../../api/feedback.ts';
import { ProfileFields } from '../components/ProfileFields.tsx';
import { PageTitle } from '../PortalLayout.tsx';
import { portal, type PortalProfile, type ProfileBody } from '../api.ts';
import { usePortal } from '../session.tsx';

const CHANGE_STATUS = { pending: ['gold', '待审核'], approved: ['green', '已通过'], rejected: ['red', '未通过'], withdrawn: ['default', '已撤回'] } as const;
const label = (f: string) => TALENT_FIELD_LABELS[f] ?? (f === 'chamber' || f === 'chamberId' ? '所属商会' : f);
const show = (v: unknown) => (v === null || v === undefined || v === '' ? '（空）' : Array.isArray(v) ? v.join('、') || '（空）' : String(v));

function StatusAlert({ p }: { p: PortalProfile }) {
  if (p.status === 'none') return <Alert type="info" showIcon title="请填写您的登记信息" description="提交后由您选择的籍贯县（市、区）人才办确认，确认后即进入家乡人才信息库。" />;
  if (p.status === 'pending') return <Alert type="warning" showIcon title="已提交，等待县（市、区）人才办确认" description="确认前您仍可修改后重新提交。" />;
  if (p.status === 'rejected') return <Alert type="error" showIcon title="登记被退回" description={<>原因：{p.registration?.reason}。请修改后重新提交。</>} />;
  return <Alert type="success" showIcon title="已登记" description="联系方式、工作单位等修改立即生效；姓名、证件、学历等标注“需审核”的信息修改后由县（市、区）人才办审核。" />;
}

/** 我的登记信息: fill in, update, see what is waiting for the county and why a change was refused. */
export default function ProfilePage() {
  const [form] = Form.useForm<ProfileBody>();
  const { info, me, reload } = usePortal();
  const navigate = useNavigate();
  const [p, setP] = useState<PortalProfile | null>(null);
  const [busy, setBusy] = useState(false);
  const load = useCallback(async () => {
    try {
      const prof = await portal.profile();
      setP(prof);
      form.resetFields();
      form.setFieldsValue({ category: 'other', ...prof.fields, idNumber: undefined } as ProfileBody);
    } catch (e) {
      showError(e);
    }
  }, [form]);
  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (v: ProfileBody) => {
    setBusy(true);
    try {
      const clean = Object.fromEntries(Object.entries(v).filter(([k, x]) => x !== undefined && !(k === 'idNumber' && !x))) as ProfileBody;
      const r = await portal.saveProfile({ ...clean, version: p?.version ?? undefined });
      setP(r.profile);
      // Show what was stored (the login phone added, birth date and gender taken from the ID number).
      form.setFieldsValue({ ...r.profile.fields, idNumber: undefined } as ProfileBody);
      await reload();
      if (r.profile.status === 'linked') {
        toast().success(r.applied.length || r.pending.length ? `已保存${r.applied.length ? `，${r.applied.length} 项已更新` : ''}${r.pending.length ? `，${r.pending.length} 项等待审核` : ''}` : '没有需要保存的修改');
      } else toast().success('已提交，等待县（市、区）人才办确认');
      window.scrollTo(0, 0);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CONSENT_REQUIRED') navigate('/portal/consent');
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  if (!p) return <Skeleton active style={{ padding: 16 }} />;
  return (
    <>
      <PageTitle>我的登记信息</PageTitle>
      <StatusAlert p={p} />
      {p.changes.length > 0 && (
        <Card title="修改审核" style={{ marginTop: 12 }}>
          <List
            dataSource={p.changes}
            renderItem={(c) => (
              <List.Item style={{ display: 'block', paddingInline: 0 }}>
                <Tag color={CHANGE_STATUS[c.status][0]}>{CHANGE_STATUS[c.status][1]}</Tag>
                <span style={{ color: '#888', fontSize: 13 }}>{dayjs(c.createdAt).format('YYYY-MM-DD HH:mm')}</span>
                {c.changes.map((x) => (
                  <div key={x.field} style={{ fontSize: 14 }}>
                    {label(x.field)}：{show(x.before)} → {show(x.after)}
                  </div>
                ))}
                {c.reason && <div style={{ color: '#cf1322', fontSize: 14 }}>原因：{c.reason}</div>}
              </List.Item>
            )}
          />
        </Card>
      )}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} style={{ marginTop: 12 }} scrollToFirstError>
        <ProfileFields info={info} linked={p.status === 'linked'} idNumberMasked={p.idNumberMasked} sensitiveGranted={!!me?.consent.sensitive.granted} />
        <Button type="primary" htmlType="submit" block loading={busy}>
          {p.status === 'linked' ? '保存修改' : '提交登记'}
        </Button>
      </Form>
    </>
  );
}
