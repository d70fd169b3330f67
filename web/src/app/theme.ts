import type { ThemeConfig } from 'antd';

/** The phoenix red of the logo; the UI's primary is a calm blue so red keeps meaning "error". */
export const BRAND_COLOR = '#b8322a';
export const PRIMARY_COLOR = '#1f5fbf';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY_COLOR,
    colorLink: PRIMARY_COLOR,
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#fff', headerPadding: '0 16px' },
  },
};
