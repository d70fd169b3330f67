import { App, Alert, Button, Card, Checkbox, Descriptions, Input, List, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { showError } from '../../api/errors.ts';
import { toast } from '../../api/feedback.ts';
import { NoticeText } from '../components/NoticeText.tsx';
import { PageTitle } from '../PortalLayout.tsx';
import { portal, type ConsentStatus, type Notice } from '../api.ts';
import { usePortal } from '../session.tsx';

const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/**
 * 个人信息保护: the notice; for a logged-in talent the consent state (version, time), agreeing to
 * a new version, the separate sensitive-information consent, withdrawal and the record of both.
 */
export default function ConsentPage() {
  const { me, reload } = usePortal();
  const { modal } = App.useApp();
  const navigate = useNavigate();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [status, setStatus] = useState<ConsentStatus | null>(null);
  const [personal, setPersonal] = useState(false);
  const [sensitive, setSensitive] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    portal.notice().then(setNotice, showError);
  }, []);
  useEffect(() => {
    if (me) portal.consent().then(setStatus, showError);
  }, [me]);

  const agree = async () => {
    setBusy(true);
    try {
      setStatus(await portal.giveConsent({ noticeVersion: notice!.version, personalInfo: true, sensitiveInfo: sensitive || !!status?.sensitive.granted }));
      await reload();
      toast().success('已记录您的同意');
      if (!status?.upToDate) navigate('/portal/profile');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const withdraw = (scope: 'sensitive' | 'all') => {
    let reason = '';
    modal.confirm({
      title: scope === 'sensitive' ? '撤回对证件号码的同意' : '撤回全部同意',
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <div>
            {scope === 'sensitive'
              ? '撤回后，平台和人才库中的证件号码将立即删除，您也不能再填写证件号码。'
              : '撤回后，平台将停止处理您的个人信息，您不能再修改登记信息或在线求助；县（市、区）人才办将在 30 日内处理您在人才库中的记录。'}
          </div>
          <Input.TextArea placeholder="说明（选填）" maxLength={500} onChange={(e) => (reason = e.target.value)} />
        </Space>
      ),
      okText: '确认撤回',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          setStatus(await portal.withdrawConsent(scope, reason || undefined));
          await reload();
          toast().success('已撤回，处理情况可在“我的权利”中查看');
        } catch (e) {
          showError(e);
        }
      },
    });
  };

  return (
    <>
      <PageTitle>个人信息保护</PageTitle>
      {me && status && (
        <Card title="我的同意">
          <Descriptions column={1} size="small" layout="vertical">
            <Descriptions.Item label="个人信息处理">
              {status.personal.granted ? <Tag color="green">已同意 {status.personal.version} 版</Tag> : <Tag color="red">未同意</Tag>}
              <span style={{ color: '#888', fontSize: 13 }}>{time(status.personal.at)}</span>
            </Descriptions.Item>
            <Descriptions.Item label="证件号码（敏感）">
              {status.sensitive.granted ? <Tag color="green">已单独同意</Tag> : <Tag>未同意</Tag>}
              <span style={{ color: '#888', fontSize: 13 }}>{time(status.sensitive.at)}</span>
            </Descriptions.Item>
          </Descriptions>
          {!status.upToDate && (
            <Alert type="warning" showIcon style={{ marginTop: 8 }} title={status.personal.granted ? '告知书已更新，请阅读后重新同意' : '您尚未同意告知书，登记信息和在线求助需先同意'} />
          )}
        </Card>
      )}
      <Card title="个人信息处理告知书">
        <NoticeText notice={notice} />
        {notice && (
          <Alert type="info" style={{ marginTop: 12 }} title={notice.sensitive.heading} description={<div style={{ fontSize: 14, lineHeight: 1.7 }}>{notice.sensitive.body}</div>} />
        )}
        {!me && (
          <div style={{ marginTop: 12 }}>
            <Link to="/portal/register">注册</Link>时阅读并同意本告知书。
          </div>
        )}
        {me && status && (!status.upToDate || !status.sensitive.granted) && (
          <div style={{ marginTop: 12 }}>
            {!status.upToDate && (
              <div className="portal-check">
                <Checkbox checked={personal} onChange={(e) => setPersonal(e.target.checked)}>我已阅读并同意《个人信息处理告知书》</Checkbox>
              </div>
            )}
            {!status.sensitive.granted && (
              <div className="portal-check">
                <Checkbox checked={sensitive} onChange={(e) => setSensitive(e.target.checked)}>我单独同意处理我的身份证件号码</Checkbox>
              </div>
            )}
            <Button type="primary" block loading={busy} disabled={(!status.upToDate && !personal) || (status.upToDate && !sensitive)} onClick={agree}>
              确认同意
            </Button>
          </div>
        )}
      </Card>
      {me && status && (
        <Card title="撤回同意">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Button block danger disabled={!status.sensitive.granted} onClick={() => withdraw('sensitive')}>撤回对证件号码的同意</Button>
            <Button block danger disabled={!status.personal.granted} onClick={() => withdraw('all')}>撤回全部同意</Button>
          </Space>
          <List
            size="small"
            header={<span style={{ color: '#888' }}>同意记录</span>}
            dataSource={[...status.history].reverse()}
            renderItem={(h) => (
              <List.Item style={{ paddingInline: 0 }}>
                {time(h.at)} · {h.action === 'grant' ? '同意' : '撤回'}《{h.kind === 'sensitive' ? '敏感个人信息（证件号码）' : '个人信息处理告知书'}》{h.version} 版
              </List.Item>
            )}
          />
        </Card>
      )}
    </>
  );
}
