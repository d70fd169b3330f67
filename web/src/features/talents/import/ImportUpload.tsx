import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Spin, Typography, Upload } from 'antd';
import { useState } from 'react';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { downloadFile } from '../files.ts';
import { importApi, TEMPLATE_URL } from './api.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Step 1: the template, and the file dropped or picked (xlsx only), uploaded for a preview. */
export function ImportUpload({ campaignId, onUploaded }: { campaignId?: string; onUploaded(id: string): void }) {
  const [busy, setBusy] = useState(false);
  const [template, setTemplate] = useState(false);

  const getTemplate = () => {
    setTemplate(true);
    downloadFile(TEMPLATE_URL, '人才信息导入模板.xlsx')
      .catch(showError)
      .finally(() => setTemplate(false));
  };

  const upload = async (file: File) => {
    setBusy(true);
    try {
      const { id } = await importApi.upload(file, campaignId);
      onUploaded(id);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Alert
        type="info"
        showIcon
        title="导入步骤：① 下载模板并按模板填写（也可直接上传各县已有表格，系统按表头识别列）→ ② 上传文件，系统逐行检查 → ③ 核对错误行和疑似重复 → ④ 确认导入"
        action={<Button icon={<DownloadOutlined />} loading={template} onClick={getTemplate}>下载导入模板</Button>}
      />
      <Spin spinning={busy} description="正在上传…">
        <Upload.Dragger
          accept={`.xlsx,${XLSX_TYPE}`}
          multiple={false}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            const name = file.name.toLowerCase();
            if (name.endsWith('.xls') || name.endsWith('.et') || name.endsWith('.csv')) {
              toast().error('只支持 .xlsx 格式：请在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后再上传');
              return Upload.LIST_IGNORE;
            }
            void upload(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p className="ant-upload-text">点击选择或将 Excel 文件拖到此处</p>
          <p className="ant-upload-hint">
            仅支持 .xlsx 格式，单个文件默认不超过 50 MB，数据多时请拆分后分批导入。
            <br />
            表头须在前 10 行内，且含“姓名”列；上传后只做检查，确认前不会写入人才信息库。
          </p>
        </Upload.Dragger>
      </Spin>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        证件号码、联系电话在系统中加密保存；上传的原文件检查完即删除。
      </Typography.Text>
    </Flex>
  );
}
