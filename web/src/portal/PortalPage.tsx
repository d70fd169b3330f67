import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';

/** 一家人云服务平台 — the public, mobile-first portal. Placeholder for now. */
export default function PortalPage() {
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', padding: 16 }}>
      <Result
        status="info"
        title="一家人云服务平台即将上线"
        subTitle="面向在外乡贤的公共服务门户正在建设中，敬请期待。"
        extra={
          <Link to="/login">
            <Button>工作人员登录</Button>
          </Link>
        }
      />
    </div>
  );
}
