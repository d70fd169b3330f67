import { Cascader } from 'antd';
import { useEffect, useState } from 'react';
import { showError } from '../../../../api/errors.ts';
import { loadDivisions } from '../../hooks/useLookups.ts';
import { divisionPath } from '../../labels.ts';

interface Option {
  value: string;
  label: string;
  isLeaf?: boolean;
  children?: Option[];
}

const toOptions = (ds: { code: string; name: string; hasChildren: boolean }[]): Option[] => ds.map((d) => ({ value: d.code, label: d.name, isLeaf: !d.hasChildren }));

/**
 * A place in China (GB/T 2260), province → city → county, loaded level by level. The value is
 * one code (any level may be picked); for an existing value its path is loaded first. `load` fetches
 * a level (the portal passes its public one).
 */
export function LocationCascader({ value, onChange, id, load = loadDivisions }: { value?: string | null; onChange?(code: string | null): void; id?: string; load?: typeof loadDivisions }) {
  const [options, setOptions] = useState<Option[]>([]);

  // The root level, then the levels along the value's path (so an existing value shows its names).
  useEffect(() => {
    let live = true;
    const path = value ? divisionPath(value) : [];
    (async () => {
      const tree = options.length ? options : toOptions(await load());
      let level = tree;
      for (const code of path.slice(0, -1)) {
        const node = level.find((o) => o.value === code);
        if (!node) break;
        node.children ??= toOptions(await load(code));
        level = node.children;
      }
      if (live) setOptions([...tree]);
    })().catch(showError);
    return () => {
      live = false;
    };
    // `options` is read, not followed: it changes as a result of this effect.
  }, [value]);

  const loadData = async (selected: Option[]) => {
    const node = selected[selected.length - 1];
    if (!node || node.children) return;
    try {
      node.children = toOptions(await load(node.value));
    } catch (e) {
      showError(e);
    }
    setOptions((o) => [...o]);
  };

  return (
    <Cascader<Option>
      id={id}
      options={options}
      loadData={loadData}
      changeOnSelect
      value={value ? divisionPath(value) : undefined}
      onChange={(path) => onChange?.(path?.length ? String(path[path.length - 1]) : null)}
      placeholder="省 / 市 / 区县（可只选到省或市）"
      displayRender={(labels) => labels.filter((l) => l !== '市辖区' && l !== '县').join(' / ')}
      style={{ width: '100%' }}
      allowClear
    />
  );
}
