import { Skeleton } from 'antd';
import type { Notice } from '../api.ts';

/** The personal-information notice, in a scrollable box (its sensitive part is shown separately). */
export function NoticeText({ notice }: { notice: Notice | null }) {
  if (!notice) return <Skeleton active paragraph={{ rows: 6 }} />;
  return (
    <div className="portal-notice" tabIndex={0} aria-label={notice.title} data-testid="notice">
      <div style={{ fontWeight: 600, fontSize: 16, textAlign: 'center' }}>{notice.title}</div>
      <div style={{ color: '#888', fontSize: 12, textAlign: 'center' }}>
        版本 {notice.version} · {notice.effectiveDate} 起施行
      </div>
      {notice.sections.map((s) => (
        <section key={s.heading}>
          <h3>{s.heading}</h3>
          <div>{s.body}</div>
        </section>
      ))}
    </div>
  );
}
