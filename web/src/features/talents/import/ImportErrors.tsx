import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { ImportReport, ImportRowError } from '../../../../../contracts/imports.ts';
import { showError } from '../../../api/errors.ts';
import { downloadFile } from '../files.ts';
import { errorsFileUrl } from './api.ts';
import { rowText } from './importText.ts';

/** The rows that cannot be imported: row / column / reason, and the annotated file to fix them in. */
export function ImportErrors({ importId, report }: { importId: string; report: ImportReport }) {
  const [busy, setBusy] = useState(false);
  const multiSheet = report.sheets.length > 1;
  if (!report.errorRows) return null;

  const download = () => {
    setBusy(true);
    downloadFile(errorsFileUrl(importId), '错误数据.xlsx')
      .catch(showError)
      .finally(() => setBusy(false));
  };

  const columns: TableColumnsType<ImportRowError> = [
    { title: '行', key: 'row', width: multiSheet ? 180 : 90, render: (_, e) => rowText(e.sheet, e.row, multiSheet) },
    { title: '列', dataIndex: 'column', width: 160, render: (c: string) => c || '（整行）' },
    { title: '原因', dataIndex: 'message' },
  ];

  return (
    <Card size="small" title={<Typography.Text type="danger">错误行 {report.errorRows} 行（不会导入）</Typography.Text>} data-testid="import-errors">
      <Button icon={<DownloadOutlined />} loading={busy} onClick={download} style={{ marginBottom: 12, maxWidth: '100%' }}>
        <span style={{ whiteSpace: 'normal', textAlign: 'left' }}>下载错误行（已标注），修改后重新上传</span>
      </Button>
      <Table<ImportRowError>
        size="small"
        rowKey={(e) => `${e.sheet}-${e.row}-${e.column}-${e.message}`}
        columns={columns}
        dataSource={report.errors}
        pagination={report.errors.length > 10 ? { pageSize: 10, showSizeChanger: false, showTotal: (t) => `共 ${t} 处` } : false}
        scroll={{ x: 520 }}
      />
      {report.errorsTruncated && (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          此处只列出前 {report.errors.length} 处错误，完整的错误清单请下载错误行文件查看。
        </Typography.Paragraph>
      )}
    </Card>
  );
}
