import type { App } from 'antd';

type MessageInstance = ReturnType<typeof App.useApp>['message'];

/**
 * antd's context-aware message API, captured once by <FeedbackHolder/> inside <App>, so that
 * plain functions (the error path below) can use the themed, localised instance.
 */
let holder: MessageInstance | null = null;

export function setMessageInstance(m: MessageInstance): void {
  holder = m;
}

export function toast(): MessageInstance {
  if (!holder) throw new Error('message instance not ready');
  return holder;
}
