import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Select, Space } from 'antd';
import type { County, Outpost } from '../../../../../contracts/org.ts';
import type { RoleBinding } from '../../../../../contracts/auth.ts';
import {
  ADMIN_TRIAD,
  COUNTY_BOUND_ROLES,
  OUTPOST_BOUND_ROLES,
  ROLE_LABELS,
  ROLES,
  type Role,
  type RoleGrant,
} from '../../../../../contracts/roles.ts';

/** The select value standing for "city level" (countyId null). */
const CITY = 'city';

export interface RoleRow {
  role?: Role;
  countyId?: string;
  outpostId?: string;
}

export function toRows(bindings: RoleBinding[]): RoleRow[] {
  return bindings.map((b) => ({
    role: b.role,
    countyId: b.countyId ?? (COUNTY_BOUND_ROLES.includes(b.role) ? CITY : undefined),
    outpostId: b.outpostId ?? undefined,
  }));
}

export function toGrants(rows: RoleRow[]): RoleGrant[] {
  return rows
    .filter((r): r is RoleRow & { role: Role } => !!r.role)
    .map((r) => ({
      role: r.role,
      countyId: COUNTY_BOUND_ROLES.includes(r.role) && r.countyId && r.countyId !== CITY ? r.countyId : null,
      outpostId: OUTPOST_BOUND_ROLES.includes(r.role) ? (r.outpostId ?? null) : null,
    }));
}

// Talents register themselves on the portal; they are not created here.
const assignable = ROLES.filter((r) => r !== 'talent');
const roleOptions = [
  { label: '业务角色', options: assignable.filter((r) => !ADMIN_TRIAD.includes(r)).map((r) => ({ value: r, label: ROLE_LABELS[r] })) },
  { label: '三权分立管理员（不可兼任）', options: ADMIN_TRIAD.map((r) => ({ value: r, label: ROLE_LABELS[r] })) },
];

interface Props {
  counties: County[];
  outposts: Outpost[];
}

/** The roles of a user: one row per role, with its county or outpost where the role needs one. */
export function RoleGrantsField({ counties, outposts }: Props) {
  const form = Form.useFormInstance();
  // Inactive counties stay listed (disabled) so an existing binding to one still shows its name.
  const countyOptions = counties.map((c) => ({ value: c.id, label: c.active ? c.name : `${c.name}（已停用）`, disabled: !c.active }));
  return (
    <Form.List name="roles">
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map(({ key, name }) => (
            <Space key={key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
              <Form.Item name={[name, 'role']} rules={[{ required: true, message: '请选择角色' }]} style={{ marginBottom: 8 }}>
                <Select
                  placeholder="角色"
                  showSearch={{ optionFilterProp: 'label' }}
                  options={roleOptions}
                  style={{ width: 200 }}
                  onChange={() => form.setFieldValue(['roles', name], { role: form.getFieldValue(['roles', name, 'role']) })}
                />
              </Form.Item>
              <Form.Item noStyle shouldUpdate={(a, b) => a.roles?.[name]?.role !== b.roles?.[name]?.role}>
                {() => {
                  const role = form.getFieldValue(['roles', name, 'role']) as Role | undefined;
                  if (role && COUNTY_BOUND_ROLES.includes(role)) {
                    const options = role === 'county_admin' ? countyOptions : [{ value: CITY, label: '市级' }, ...countyOptions];
                    return (
                      <Form.Item name={[name, 'countyId']} rules={[{ required: true, message: '请选择所属县（市、区）' }]} style={{ marginBottom: 8 }}>
                        <Select placeholder="所属县（市、区）" options={options} style={{ width: 180 }} />
                      </Form.Item>
                    );
                  }
                  if (role && OUTPOST_BOUND_ROLES.includes(role)) {
                    return (
                      <Form.Item name={[name, 'outpostId']} rules={[{ required: true, message: '请选择所属工作站' }]} style={{ marginBottom: 8 }}>
                        <Select placeholder="所属工作站" options={outposts.map((o) => ({ value: o.id, label: o.name }))} style={{ width: 180 }} />
                      </Form.Item>
                    );
                  }
                  return null;
                }}
              </Form.Item>
              <Button type="text" aria-label="移除此角色" icon={<MinusCircleOutlined />} onClick={() => remove(name)} />
            </Space>
          ))}
          {fields.length === 0 && <div style={{ color: 'rgba(0,0,0,0.45)', marginBottom: 8 }}>暂无角色：该账号登录后无法使用任何功能。</div>}
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>
              添加角色
            </Button>
            <Form.ErrorList errors={errors} />
          </Form.Item>
        </>
      )}
    </Form.List>
  );
}
