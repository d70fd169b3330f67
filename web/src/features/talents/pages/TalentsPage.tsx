import { Card, Empty } from 'antd';

/** 人才信息库 — placeholder until the `talents` module lands. */
export default function TalentsPage() {
  return (
    <Card>
      <Empty description="人才信息库即将上线" style={{ margin: '48px 0' }} />
    </Card>
  );
}
