import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex } from 'antd';
import { usePagedList } from '../../../api/usePagedList.ts';
import { hotlineApi } from '../api.ts';
import { CaseTable } from '../components/CaseTable.tsx';

/** 超时督办: open cases past a target in the user's scope, longest escalated first. */
export default function EscalationsPage() {
  const { rows, loading, pagination, reload } = usePagedList((_f: object, p, ps) => hotlineApi.escalations(p, ps), {});
  return (
    <Card>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} gap={8} wrap>
        <Alert type="warning" showIcon message="超过首次响应或办结时限（按工作时间计算）的诉求自动提交督办，请督促承办人尽快处理或转办。" />
        <Button icon={<ReloadOutlined />} onClick={reload} aria-label="刷新" />
      </Flex>
      <CaseTable rows={rows} loading={loading} pagination={pagination} />
    </Card>
  );
}
