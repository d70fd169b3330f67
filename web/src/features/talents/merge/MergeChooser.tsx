import { Alert, Button, Flex, Modal, Radio, Result, Skeleton, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import type { Talent } from '../../../../../contracts/talents.ts';
import { ApiError } from '../../../api/client.ts';
import { showError } from '../../../api/errors.ts';
import { talentsApi } from '../api.ts';
import { useLookups } from '../hooks/useLookups.ts';
import { mergeApi, type DuplicatePair } from './api.ts';
import { defaultPicks, displayValue, mergeBody, mergeRows, olderSide, type ChoosableField, type MergeRow, type Picks, type Side } from './mergeFields.ts';

interface Props {
  pair: DuplicatePair;
  onClose(merged: boolean): void;
}

const sideName = (s: Side) => (s === 'a' ? '记录一' : '记录二');

/** 合并: keep one record, pick each field's value from either side; phones, honours and tags combine. */
export function MergeChooser({ pair, onClose }: Props) {
  const lookups = useLookups();
  const [records, setRecords] = useState<{ a: Talent; b: Talent } | null>(null);
  const [survivor, setSurvivor] = useState<Side>('a');
  const [picks, setPicks] = useState<Picks | null>(null);
  const [onlyDiff, setOnlyDiff] = useState(true);
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState(false);
  const [done, setDone] = useState<Talent | null>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  const load = useCallback(async () => {
    setRecords(null);
    try {
      const [a, b] = await Promise.all([talentsApi.get(pair.a.id), talentsApi.get(pair.b.id)]);
      setRecords({ a, b });
      setSurvivor(olderSide(a, b));
      setPicks(defaultPicks(a, b));
    } catch (e) {
      showError(e);
      closeRef.current(false);
    }
  }, [pair]);
  useEffect(() => void load(), [load]);

  const rows = useMemo(() => (records ? mergeRows(records.a, records.b) : []), [records]);
  const shown = onlyDiff ? rows.filter((r) => r.kind !== 'same') : rows;

  const submit = async () => {
    if (!records || !picks) return;
    setBusy(true);
    try {
      const res = await mergeApi.merge(mergeBody(records.a, records.b, survivor, picks));
      setDone(res.survivor);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        setStale(true);
        void load();
      } else showError(e);
    } finally {
      setBusy(false);
    }
  };

  const valueCell = (side: Side) => (_: unknown, r: MergeRow) => {
    const t = records![side];
    const text = displayValue(t, r.field, lookups);
    if (r.kind !== 'choose') return <Typography.Text type={r.kind === 'same' ? 'secondary' : undefined}>{text}</Typography.Text>;
    return (
      <Radio checked={picks?.[r.field as ChoosableField] === side} onChange={() => setPicks((p) => (p ? { ...p, [r.field]: side } : p))}>
        {text}
      </Radio>
    );
  };
  const columns: TableColumnsType<MergeRow> = [
    { title: '字段', dataIndex: 'label', width: 130, render: (l: string, r) => <>{l}{r.kind === 'union' && <div><Tag color="green" style={{ marginTop: 4 }}>合并后两者都保留</Tag></div>}{r.kind === 'same' && <div><Tag>相同</Tag></div>}</> },
    { title: `${sideName('a')}${survivor === 'a' ? '（保留）' : ''}`, key: 'a', render: valueCell('a') },
    { title: `${sideName('b')}${survivor === 'b' ? '（保留）' : ''}`, key: 'b', render: valueCell('b') },
  ];

  const footer = done ? null : (
    <Flex justify="flex-end" gap={8}>
      <Button onClick={() => onClose(false)}>取消</Button>
      <Button type="primary" loading={busy} disabled={!records} onClick={() => void submit()}>确认合并</Button>
    </Flex>
  );

  return (
    <Modal title="合并重复记录" open width={980} onCancel={() => onClose(!!done)} footer={footer} destroyOnHidden>
      {done ? (
        <Result
          status="success"
          title="已合并"
          subTitle={`另一条记录已并入“${done.name}”，其变更历史和关联记录一并转入。`}
          extra={[
            <Link key="open" to={`/talents/${done.id}`}><Button type="primary">查看合并后的记录</Button></Link>,
            <Button key="back" onClick={() => onClose(true)}>继续处理其他疑似重复</Button>,
          ]}
        />
      ) : !records || !picks ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <Flex vertical gap={12}>
          {stale && <Alert type="warning" showIcon closable title="记录刚被他人修改，已重新加载最新数据，请重新核对后再合并。" onClose={() => setStale(false)} />}
          <div>
            <Typography.Text strong>保留哪条记录：</Typography.Text>
            <Radio.Group value={survivor} onChange={(e) => setSurvivor(e.target.value as Side)}>
              {(['a', 'b'] as const).map((s) => (
                <Radio key={s} value={s}>{sideName(s)}（{dayjs(records[s].createdAt).format('YYYY-MM-DD')} 登记）</Radio>
              ))}
            </Radio.Group>
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
              另一条记录并入保留的记录后不再单独显示。逐行选择要保留的值（默认取有值的、较新的一方）；联系电话、荣誉称号、标签合并后两者都保留。
            </Typography.Paragraph>
          </div>
          <label style={{ display: 'flex', alignItems: 'center', gap: 8, cursor: 'pointer', width: 'fit-content' }}>
            <Switch size="small" checked={onlyDiff} onChange={setOnlyDiff} />
            <span>只看不同的字段（{rows.filter((r) => r.kind !== 'same').length} / {rows.length}）</span>
          </label>
          <Table<MergeRow> size="small" rowKey="field" columns={columns} dataSource={shown} pagination={false} scroll={{ y: 420, x: 600 }} data-testid="merge-fields" />
        </Flex>
      )}
    </Modal>
  );
}
