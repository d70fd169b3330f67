import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { County, Outpost } from '../../../../../contracts/org.ts';
import { ROLE_LABELS, ROLES } from '../../../../../contracts/roles.ts';
import type { User } from '../../../../../contracts/users.ts';
import { showError } from '../../../api/errors.ts';
import { usePagedList } from '../../../api/usePagedList.ts';
import { RoleTags } from '../../../app/layout/UserBox.tsx';
import { useCurrentUser } from '../../../app/session.tsx';
import { orgApi } from '../../org/api.ts';
import { securityApi, type AccountFilters } from '../api.ts';
import { RoleGrantModal } from '../components/RoleGrantModal.tsx';

const fmt = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/**
 * 角色授权 (security_admin): the roles and data scopes of every account. Accounts are created and
 * disabled by the sysadmin (用户管理); roles are granted here only (三权分立).
 */
export default function RoleGrantsPage() {
  const me = useCurrentUser();
  const list = usePagedList(securityApi.accounts, {} as AccountFilters);
  const [editing, setEditing] = useState<User | null>(null);
  const [counties, setCounties] = useState<County[]>([]);
  const [outposts, setOutposts] = useState<Outpost[]>([]);
  const [q, setQ] = useState('');

  useEffect(() => {
    orgApi.get().then((o) => setCounties(o.counties), showError);
    orgApi.outposts().then(setOutposts, showError);
  }, []);

  const columns: TableColumnsType<User> = [
    { title: '用户名', dataIndex: 'username', width: 200, render: (v: string, u) => <Space size={4}>{v}{u.isDemo && <Tag>演示</Tag>}</Space> },
    { title: '姓名', dataIndex: 'displayName', width: 110 },
    {
      title: '角色及数据范围',
      dataIndex: 'roles',
      minWidth: 260,
      render: (_: unknown, u) => (u.roles.length ? <RoleTags roles={u.roles} /> : <Tag color="warning">未授权</Tag>),
    },
    { title: '状态', dataIndex: 'disabled', width: 80, render: (d: boolean) => (d ? <Tag>已停用</Tag> : <Tag color="success">正常</Tag>) },
    { title: '创建时间', dataIndex: 'createdAt', width: 150, render: fmt, responsive: ['lg'] },
    {
      title: '操作',
      key: 'actions',
      width: 100,
      render: (_: unknown, u) =>
        u.id === me.id ? (
          <Tooltip title="不能修改自己的角色，请由另一名安全管理员操作">
            <Button type="link" size="small" disabled>授权</Button>
          </Tooltip>
        ) : (
          <Button type="link" size="small" onClick={() => setEditing(u)}>授权</Button>
        ),
    },
  ];

  const filtered = !!(list.filters.q || list.filters.role || list.filters.disabled);
  return (
    <Card>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder="用户名或姓名"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => list.setFilters({ ...list.filters, q: v.trim() || undefined })}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder="全部角色"
          style={{ width: 180 }}
          options={[{ value: 'none', label: '未授权（无角色）' }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))]}
          value={list.filters.role}
          onChange={(role?: string) => list.setFilters({ ...list.filters, role })}
        />
        <Select
          allowClear
          placeholder="全部状态"
          style={{ width: 120 }}
          options={[{ value: 'false', label: '正常' }, { value: 'true', label: '已停用' }]}
          value={list.filters.disabled}
          onChange={(disabled?: 'true' | 'false') => list.setFilters({ ...list.filters, disabled })}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label="刷新" />
      </Space>
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={filtered ? '没有符合条件的账号' : '暂无账号'} /> }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        账号由系统管理员在“用户管理”中创建和停用；角色和数据范围只能在此授予或收回，修改后该用户立即退出登录。
      </Typography.Text>
      <RoleGrantModal
        user={editing}
        counties={counties}
        outposts={outposts}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </Card>
  );
}
