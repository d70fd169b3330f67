import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { TalentQuery } from '../query.ts';
import { RegistryActions } from './RegistryActions.tsx';

/** The list's bulk actions (导入 / 导出 / 申请明文导出 / 疑似重复): they get the current query and total. */
export function TalentListActions(props: { query: TalentQuery; total: number }) {
  return <RegistryActions {...props} />;
}

/** Above the list: the count on the left; bulk actions and 新增人才 on the right. */
export function TalentListToolbar({ query, total, loaded, canCreate }: { query: TalentQuery; total: number; loaded: boolean; canCreate: boolean }) {
  const navigate = useNavigate();
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
      <Typography.Text data-testid="talent-total">{loaded ? <>共 <b>{total.toLocaleString('zh-CN')}</b> 人</> : ' '}</Typography.Text>
      <Flex gap={8} wrap>
        <TalentListActions query={query} total={total} />
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/talents/new')}>新增人才</Button>
        )}
      </Flex>
    </Flex>
  );
}
