import { SearchOutlined } from '@ant-design/icons';
import { Input, type InputRef } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

const DEBOUNCE_MS = 300;

interface Props {
  /** The committed search text (from the URL). */
  value: string;
  onCommit(text: string): void;
  /** Arrow keys and Enter, for moving through the results without leaving the box. */
  onNavigate?(key: 'up' | 'down' | 'open'): boolean;
  autoFocus?: boolean;
  /** Phone: no keyboard hint. */
  compact?: boolean;
}

/**
 * THE search box of the registry: one field for name, pinyin, initials, employer, school,
 * specialty, phone or ID. Commits after a pause in typing; `/` focuses it from anywhere on the page,
 * Esc clears it, ↑/↓ pick a result and Enter opens it.
 */
export function TalentSearchBox({ value, onCommit, onNavigate, autoFocus, compact }: Props) {
  const [text, setText] = useState(value);
  const committed = useRef(value);
  const input = useRef<InputRef>(null);
  // The latest callback: a debounce timer set before a facet click must not commit a stale query.
  const onCommitRef = useRef(onCommit);
  onCommitRef.current = onCommit;

  // Follow the URL when it changes from outside (Back, a saved view, 清除), not our own commits.
  useEffect(() => {
    if (value !== committed.current) {
      committed.current = value;
      setText(value);
    }
  }, [value]);

  const commit = (t: string) => {
    if (t.trim() === committed.current.trim()) return;
    committed.current = t;
    onCommitRef.current(t);
  };

  useEffect(() => {
    const timer = setTimeout(() => commit(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // Only the text drives the debounce (commit reads refs).
  }, [text]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName))) return;
      e.preventDefault();
      input.current?.focus({ cursor: 'all' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape' && text) {
      e.preventDefault();
      setText('');
      commit('');
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (onNavigate?.(e.key === 'ArrowDown' ? 'down' : 'up')) e.preventDefault();
    } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      // Enter opens the highlighted result; otherwise it searches right away.
      if (!onNavigate?.('open')) commit(text);
    }
  };

  return (
    <Input
      ref={input}
      size="large"
      allowClear
      autoFocus={autoFocus}
      prefix={<SearchOutlined style={{ color: '#999' }} />}
      placeholder={compact ? '姓名 / 拼音 / 单位 / 电话' : '姓名 / 拼音 / 首字母 / 单位 / 院校 / 专业 / 电话 / 证件号'}
      aria-label="搜索人才"
      value={text}
      maxLength={50}
      onChange={(e) => {
        setText(e.target.value);
        if (!e.target.value) commit(''); // the clear icon: no need to wait
      }}
      onKeyDown={onKeyDown}
      suffix={compact ? undefined : <kbd style={{ fontSize: 11, color: '#999', border: '1px solid #ddd', borderRadius: 3, padding: '0 4px' }}>/</kbd>}
    />
  );
}
