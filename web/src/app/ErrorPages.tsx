import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { firstPagePath } from './access.ts';
import { useSession } from './session.tsx';

function HomeButton() {
  const { roles } = useSession();
  const home = firstPagePath(roles);
  if (!home) return null;
  return (
    <Link to={home}>
      <Button type="primary">返回首页</Button>
    </Link>
  );
}

export function ForbiddenPage() {
  return <Result status="403" title="403" subTitle="抱歉，您没有权限访问此页面。" extra={<HomeButton />} />;
}

export function NotFoundPage() {
  return <Result status="404" title="404" subTitle="抱歉，您访问的页面不存在。" extra={<HomeButton />} />;
}

/** For an account whose roles open no page of the back office yet. */
export function NoPagesPage() {
  return (
    <Result
      status="info"
      title="暂无可用功能"
      subTitle="您的账号当前没有任何角色，无法使用功能模块。如需开通，请联系安全管理员授予角色。"
    />
  );
}
