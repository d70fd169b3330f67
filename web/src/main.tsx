import { App as AntdApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { setMessageInstance } from './api/feedback.ts';
import { AppRoutes } from './app/AppRoutes.tsx';
import { SessionProvider } from './app/session.tsx';
import { theme } from './app/theme.ts';
import './index.css';

dayjs.locale('zh-cn');

/** Hands antd's context-aware message API to the non-React error path (api/errors.ts). */
function FeedbackHolder() {
  setMessageInstance(AntdApp.useApp().message);
  return null;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={theme}>
      <AntdApp>
        <FeedbackHolder />
        <BrowserRouter>
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </AntdApp>
    </ConfigProvider>
  </StrictMode>,
);
