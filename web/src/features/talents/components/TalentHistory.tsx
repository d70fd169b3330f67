import { Button, Empty, Result, Spin, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { TALENT_FIELD_LABELS } from '../../../../../contracts/talents.ts';
import { showError } from '../../../api/errors.ts';
import { talentsApi, type TalentHistoryEntry } from '../api.ts';
import { useLookups } from '../hooks/useLookups.ts';
import { historyActionLabel, historyValue } from '../labels.ts';

const COLORS: Record<string, string> = { create: 'green', update: 'blue', merge: 'orange' };

/** 变更历史: who changed what when, each field before → after, in words rather than codes. */
export function TalentHistory({ talentId, canReadOutposts }: { talentId: string; canReadOutposts: boolean }) {
  const [entries, setEntries] = useState<TalentHistoryEntry[] | null>(null);
  const [failed, setFailed] = useState(false);

  const load = useCallback(() => {
    setFailed(false);
    talentsApi.history(talentId).then(setEntries, (e: unknown) => {
      setFailed(true);
      showError(e);
    });
  }, [talentId]);
  useEffect(load, [load]);

  const divisionCodes = useMemo(() => {
    const codes = new Set<string>();
    for (const e of entries ?? []) for (const c of e.changes) if (c.field === 'locationCode') for (const x of [c.before, c.after]) if (typeof x === 'string') codes.add(x);
    return [...codes];
  }, [entries]);
  const countries = !!entries?.some((e) => e.changes.some((c) => c.field === 'locationCountry'));
  const lookups = useLookups({ outposts: canReadOutposts, countries, divisionCodes });

  if (failed) return <Result status="warning" subTitle="变更历史暂时无法加载" extra={<Button onClick={load}>重试</Button>} />;
  if (!entries) return <Spin style={{ display: 'block', margin: '32px auto' }} />;
  if (!entries.length) return <Empty description="暂无变更记录" />;

  return (
    <Timeline
      style={{ marginTop: 8 }}
      items={entries.map((e) => ({
        color: COLORS[e.action] ?? 'gray',
        content: (
          <div data-testid="history-entry">
            <div>
              <Typography.Text strong>{historyActionLabel(e.action)}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {e.actorName ?? '系统'} · {dayjs(e.at).format('YYYY-MM-DD HH:mm:ss')}
              </Typography.Text>
            </div>
            {e.note && <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>{e.note}</Typography.Paragraph>}
            {e.changes.length > 0 && (
              <ul style={{ margin: '6px 0 0', paddingInlineStart: 18 }}>
                {e.changes.map((c) => (
                  <li key={c.field} style={{ marginBottom: 2 }}>
                    <Typography.Text type="secondary">{TALENT_FIELD_LABELS[c.field] ?? (c.field === 'chamber' ? '所属商会' : c.field)}：</Typography.Text>
                    <Typography.Text delete type="secondary">{historyValue(c.field, c.before, lookups)}</Typography.Text>
                    {' → '}
                    <Typography.Text>{historyValue(c.field, c.after, lookups)}</Typography.Text>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ),
      }))}
    />
  );
}
