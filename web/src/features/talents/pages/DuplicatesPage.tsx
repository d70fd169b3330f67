import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, List, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { usePagedList } from '../../../api/usePagedList.ts';
import { mergeApi, type DuplicatePair } from '../merge/api.ts';
import { MergeChooser } from '../merge/MergeChooser.tsx';
import { PairCard } from '../merge/PairCard.tsx';

const pairKey = (p: DuplicatePair) => `${p.a.id}:${p.b.id}`;

/** 疑似重复: likely pairs in the user's scope, best first; 不是同一人 or 合并 each. */
export default function DuplicatesPage() {
  const navigate = useNavigate();
  const list = usePagedList((_: null, page: number, pageSize: number) => mergeApi.duplicates(page, pageSize), null, 10);
  const [merging, setMerging] = useState<DuplicatePair | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const dismiss = async (p: DuplicatePair) => {
    setBusy(pairKey(p));
    try {
      await mergeApi.dismiss(p.a.id, p.b.id);
      toast().success(`已标记：${p.a.name} 与 ${p.b.name} 不是同一人`);
      list.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={8}>
          <Flex align="center" gap={8}>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate('/talents')} aria-label="返回人才信息库" />
            <Typography.Text>
              {list.loading && !list.total ? '正在查找…' : <>共找到 <b>{list.total}</b> 对疑似重复的记录（按相似程度排序；证件号码、电话已脱敏）</>}
            </Typography.Text>
          </Flex>
          <Button icon={<ReloadOutlined />} onClick={list.reload}>刷新</Button>
        </Flex>
      </Card>
      <List<DuplicatePair>
        loading={list.loading}
        dataSource={list.rows}
        rowKey={pairKey}
        locale={{ emptyText: <Empty description="没有疑似重复的记录" /> }}
        pagination={
          list.total > 10
            ? { current: list.pagination.current, pageSize: list.pagination.pageSize, total: list.total, onChange: list.pagination.onChange, showSizeChanger: true, pageSizeOptions: [10, 20, 50], showTotal: (t) => `共 ${t} 对`, align: 'center' }
            : false
        }
        renderItem={(p) => (
          <List.Item style={{ display: 'block', borderBlockEnd: 'none', padding: '0 0 16px' }}>
            <PairCard pair={p} busy={busy === pairKey(p)} onDismiss={() => void dismiss(p)} onMerge={() => setMerging(p)} />
          </List.Item>
        )}
      />
      {merging && (
        <MergeChooser
          pair={merging}
          onClose={(merged) => {
            setMerging(null);
            if (merged) list.reload();
          }}
        />
      )}
    </Flex>
  );
}
