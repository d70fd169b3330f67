import { Tag, Tooltip } from 'antd';
import { HOTLINE_SOURCES, HOTLINE_STATUSES, SLA_STATES, type HotlineStatus, type SlaState } from '../../../../contracts/hotline.ts';
import type { HotlineCase } from './api.ts';

export const STATUS_COLORS: Record<HotlineStatus, string> = { new: 'blue', in_progress: 'processing', follow_up: 'purple', closed: 'success', cancelled: 'default' };
export const SLA_COLORS: Record<SlaState, string> = { ok: 'green', near: 'orange', overdue: 'red', paused: 'default', met: 'success', missed: 'error' };

export function StatusTag({ status, waiting }: { status: HotlineStatus; waiting?: boolean }) {
  return (
    <>
      <Tag color={STATUS_COLORS[status]}>{HOTLINE_STATUSES[status]}</Tag>
      {waiting && <Tag color="gold">等待来电人</Tag>}
    </>
  );
}

export function SourceTag({ source }: { source: HotlineCase['source'] }) {
  return <Tag color={source === 'portal' ? 'cyan' : undefined}>{HOTLINE_SOURCES[source]}</Tag>;
}

/**
 * An instant in Beijing time (the hotline's working hours are Beijing hours), whatever the
 * browser's time zone. `fmt`: 'full' = YYYY-MM-DD HH:mm, 'short' = MM-DD HH:mm.
 */
export function bjTime(iso: string | null | undefined, fmt: 'full' | 'short' = 'full'): string {
  if (!iso) return '—';
  const s = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 16);
  return fmt === 'full' ? s : s.slice(5);
}

/** Working minutes as 「x 小时 y 分」. */
export function workingTime(min: number): string {
  const h = Math.floor(min / 60);
  const m = min % 60;
  return h ? `${h} 小时${m ? ` ${m} 分` : ''}` : `${m} 分钟`;
}

export function SlaTag({ sla, label }: { sla: HotlineCase['firstResponse']; label: string }) {
  const due = sla.dueAt ? `，到期 ${bjTime(sla.dueAt, 'short')}` : '';
  const text = `${label}：已用 ${workingTime(sla.usedMinutes)} / 时限 ${workingTime(sla.targetMinutes)}（工作时间）${due}`;
  return (
    <Tooltip title={text}>
      <Tag color={SLA_COLORS[sla.state]} data-sla={sla.state}>
        {SLA_STATES[sla.state]}
        {sla.dueAt && (sla.state === 'ok' || sla.state === 'near' || sla.state === 'overdue') ? ` ${bjTime(sla.dueAt, 'short')}` : ''}
      </Tag>
    </Tooltip>
  );
}

/** The most urgent of a case's running clocks, for row highlighting. */
export function urgency(c: HotlineCase): 'overdue' | 'near' | null {
  const states = [c.firstResponse.state, c.resolution.state];
  if (states.includes('overdue')) return 'overdue';
  if (states.includes('near')) return 'near';
  return null;
}
