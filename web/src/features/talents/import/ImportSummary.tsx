import { Alert, Card, Col, Row, Statistic } from 'antd';
import type { ImportReport } from '../../../../../contracts/imports.ts';
import type { Planned } from './api.ts';

/** The totals of a checked (or committed) import, and the file-level warnings. */
export function ImportTotals({ report, planned, committed }: { report: ImportReport; planned: Planned; committed: boolean }) {
  const items = [
    { title: '总行数', value: report.total },
    { title: '有效', value: report.valid, color: '#389e0d' },
    { title: committed ? '已新增' : '将新增', value: committed ? report.created : planned.create },
    { title: committed ? '已更新' : '将更新', value: committed ? report.updated : planned.update },
    { title: committed ? '已跳过' : '将跳过', value: committed ? report.skipped : planned.skip },
    { title: '错误', value: report.errorRows, color: report.errorRows ? '#cf1322' : undefined },
  ];
  return (
    <>
      <Card size="small" data-testid="import-totals">
        <Row gutter={[16, 8]}>
          {items.map((i) => (
            <Col key={i.title} xs={8} sm={4}>
              <Statistic title={i.title} value={i.value} styles={{ content: { color: i.color, fontSize: 22 } }} />
            </Col>
          ))}
        </Row>
      </Card>
      {report.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={`文件中有 ${report.warnings.length} 处需要注意`}
          description={<ul style={{ margin: 0, paddingInlineStart: 18 }}>{report.warnings.map((w) => <li key={w}>{w}</li>)}</ul>}
        />
      )}
    </>
  );
}
