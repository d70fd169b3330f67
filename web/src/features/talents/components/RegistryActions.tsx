import { CloudUploadOutlined, DownloadOutlined, MergeCellsOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { REGISTRY_ADMINS } from '../../../app/routes.tsx';
import { useCurrentUser } from '../../../app/session.tsx';
import { hasAnyRole } from '../access.ts';
import { exportApi } from '../export/api.ts';
import { exportFilter, filterLabels } from '../export/exportFilter.ts';
import { ExportRequestModal } from '../export/ExportRequestModal.tsx';
import { useLookups } from '../hooks/useLookups.ts';
import type { TalentQuery } from '../query.ts';

/** The list's bulk actions for city and county admins: 导入, 导出 (masked), 申请明文导出, 疑似重复. */
export function RegistryActions({ query, total }: { query: TalentQuery; total: number }) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const lookups = useLookups();
  const [requesting, setRequesting] = useState(false);
  const [exporting, setExporting] = useState(false);
  if (!hasAnyRole(user, REGISTRY_ADMINS)) return null;

  const filter = exportFilter(query);
  const labels = filterLabels(query, lookups);

  const exportMasked = () =>
    modal.confirm({
      title: `导出 ${total.toLocaleString('zh-CN')} 人（Excel）`,
      content: (
        <>
          <p>导出范围：{labels.length ? labels.join('；') : '全部（本人权限范围内）'}</p>
          <p style={{ marginBottom: 0 }}>证件号码和联系电话已脱敏；导出操作将记入审计日志。需要完整信息请使用“申请明文导出”。</p>
        </>
      ),
      okText: '导出',
      cancelText: '取消',
      onOk: async () => {
        setExporting(true);
        const key = 'talent-export';
        toast().loading({ content: '正在生成导出文件…', key, duration: 0 });
        try {
          const name = await exportApi.download(filter);
          toast().success({ content: `已导出：${name}（已脱敏）`, key });
        } catch (e) {
          toast().destroy(key);
          showError(e);
        } finally {
          setExporting(false);
        }
      },
    });

  const importPath = query.campaignId ? `/talents/import?campaignId=${query.campaignId}` : '/talents/import';
  return (
    <>
      <Button icon={<CloudUploadOutlined />} onClick={() => navigate(importPath)}>导入</Button>
      <Button icon={<DownloadOutlined />} loading={exporting} disabled={!total} onClick={exportMasked}>导出</Button>
      <Button icon={<SafetyCertificateOutlined />} disabled={!total} onClick={() => setRequesting(true)}>申请明文导出</Button>
      <Button icon={<MergeCellsOutlined />} onClick={() => navigate('/talents/duplicates')}>疑似重复</Button>
      <ExportRequestModal open={requesting} filter={filter} filterText={labels} total={total} onClose={() => setRequesting(false)} />
    </>
  );
}
