import { Button, Result, Space } from 'antd';
import { Link } from 'react-router-dom';
import type { ImportStatus } from '../../../../../contracts/imports.ts';
import { resultText } from './importText.ts';

/** The final result of a committed import, with where to see the records. */
export function ImportDone({ status, campaignTitle, onAgain }: { status: ImportStatus; campaignTitle?: string; onAgain(): void }) {
  const r = status.report;
  const registryLink = status.campaignId ? `/talents?campaignId=${status.campaignId}` : '/talents';
  return (
    <Result
      status="success"
      title="导入完成"
      subTitle={
        <>
          {r ? resultText(r) : null}
          {!status.campaignId && <div>人才信息库默认按最近更新排序，刚导入和更新的记录排在最前。</div>}
        </>
      }
      data-testid="import-done"
      extra={
        <Space wrap style={{ justifyContent: 'center' }}>
          <Link to={registryLink}>
            <Button type="primary">{status.campaignId ? `查看本次信息统计报送的人才` : '查看人才信息库'}</Button>
          </Link>
          {status.campaignId && <Link to={`/collections/${status.campaignId}`}><Button>返回信息统计{campaignTitle ? `“${campaignTitle}”` : ''}</Button></Link>}
          <Button onClick={onAgain}>继续导入其他文件</Button>
        </Space>
      }
    />
  );
}
