import { Cascader } from 'antd';
import { useEffect, useState } from 'react';
import { showError } from '../../../api/errors.ts';
import { orgApi } from '../api.ts';

interface Option {
  value: string;
  label: string;
  isLeaf?: boolean;
  children?: Option[];
  loading?: boolean;
}

/** Picks a prefecture-level city from the national division list (GB/T 2260): province → city. */
export function DivisionPicker({ onPick, disabled }: { onPick(city: { name: string; code: string }): void; disabled?: boolean }) {
  const [options, setOptions] = useState<Option[]>([]);

  useEffect(() => {
    orgApi.divisions().then((ps) => setOptions(ps.map((p) => ({ value: p.code, label: p.name, isLeaf: !p.hasChildren }))), showError);
  }, []);

  const loadData = async (path: Option[]) => {
    const province = path[path.length - 1];
    if (!province) return;
    try {
      const cities = await orgApi.divisions(province.value);
      province.children = cities.map((c) => ({
        value: c.code,
        // Municipalities (北京市…) list a "市辖区" layer: the city is the province itself.
        label: c.name === '市辖区' || c.name === '县' ? `${province.label}（${c.name}）` : c.name,
        isLeaf: true,
      }));
    } catch (e) {
      showError(e);
    }
    setOptions((o) => [...o]);
  };

  return (
    <Cascader<Option>
      disabled={disabled}
      options={options}
      loadData={loadData}
      placeholder="从全国行政区划中选择（选填）"
      showSearch={false}
      changeOnSelect={false}
      style={{ width: 280 }}
      onChange={(_v, path) => {
        const [province, city] = path ?? [];
        if (!province || !city) return;
        const municipal = city.label.startsWith(province.label);
        onPick({ name: municipal ? province.label : city.label, code: city.value });
      }}
    />
  );
}
