import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Popconfirm, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ROLE_LABELS, ROLES } from '../../../../../contracts/roles.ts';
import type { User } from '../../../../../contracts/users.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { usePagedList } from '../../../api/usePagedList.ts';
import { RoleTags } from '../../../app/layout/UserBox.tsx';
import { useCurrentUser } from '../../../app/session.tsx';
import { usersApi, type UserFilters } from '../api.ts';
import { ResetPasswordModal } from '../components/ResetPasswordModal.tsx';
import { UserFormModal } from '../components/UserFormModal.tsx';

const fmt = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** 用户管理 (sysadmin): accounts, disable/enable, password and second-factor reset. Roles are shown, granted by the security administrator (角色授权). */
export default function UsersPage() {
  const me = useCurrentUser();
  const list = usePagedList(usersApi.list, {} as UserFilters);
  const [editing, setEditing] = useState<User | null | undefined>(undefined);
  const [resetting, setResetting] = useState<User | null>(null);
  const [q, setQ] = useState('');

  const toggleDisabled = async (u: User) => {
    try {
      await usersApi.update(u.id, { version: u.version, disabled: !u.disabled });
      toast().success(u.disabled ? `已启用 ${u.username}` : `已停用 ${u.username}`);
    } catch (e) {
      showError(e);
    }
    list.reload();
  };

  const resetTotp = async (u: User) => {
    try {
      await usersApi.resetTotp(u.id);
      toast().success(`已重置 ${u.username} 的两步验证`);
    } catch (e) {
      showError(e);
    }
  };

  const columns: TableColumnsType<User> = [
    { title: '用户名', dataIndex: 'username', width: 210, render: (v: string, u) => <Space size={4}>{v}{u.isDemo && <Tag>演示</Tag>}</Space> },
    { title: '姓名', dataIndex: 'displayName', width: 100 },
    { title: '手机号码', dataIndex: 'phoneMasked', width: 130, render: (v: string | null) => v ?? '—', responsive: ['lg'] },
    { title: '角色', dataIndex: 'roles', minWidth: 240, render: (_: unknown, u) => (u.roles.length ? <RoleTags roles={u.roles} /> : <Tag color="warning">待安全管理员授权</Tag>) },
    {
      title: '状态',
      dataIndex: 'disabled',
      width: 80,
      render: (d: boolean) => (d ? <Tag color="default">已停用</Tag> : <Tag color="success">正常</Tag>),
    },
    { title: '最近登录', dataIndex: 'lastLoginAt', width: 150, render: fmt, responsive: ['md'] },
    { title: '创建时间', dataIndex: 'createdAt', width: 150, render: fmt, responsive: ['xxl'] },
    {
      title: '操作',
      key: 'actions',
      width: 260,
      render: (_: unknown, u) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setEditing(u)}>编辑</Button>
          <Button type="link" size="small" onClick={() => setResetting(u)}>重置密码</Button>
          {u.id !== me.id && !u.isDemo && (
            <Popconfirm
              title={`重置 ${u.username} 的两步验证？`}
              description="该用户的验证器绑定和恢复码将作废并立即退出登录，下次登录时需重新绑定。"
              okText="重置"
              okButtonProps={{ danger: true }}
              cancelText="取消"
              onConfirm={() => resetTotp(u)}
            >
              <Button type="link" size="small">重置两步验证</Button>
            </Popconfirm>
          )}
          {u.id !== me.id && (
            <Popconfirm
              title={u.disabled ? `确定启用用户 ${u.username} 吗？` : `确定停用用户 ${u.username} 吗？`}
              description={u.disabled ? undefined : '停用后该用户将立即退出登录，且无法再登录。'}
              okText={u.disabled ? '启用' : '停用'}
              okButtonProps={{ danger: !u.disabled }}
              cancelText="取消"
              onConfirm={() => toggleDisabled(u)}
            >
              <Button type="link" size="small" danger={!u.disabled}>{u.disabled ? '启用' : '停用'}</Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
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
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
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
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>新建用户</Button>
      </Space>
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.rows}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 1050 }}
        locale={{ emptyText: <Empty description={list.filters.q || list.filters.role || list.filters.disabled ? '没有符合条件的用户' : '暂无用户'} /> }}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        三权分立：系统管理员创建、停用账号和重置密码；角色和数据范围由安全管理员在“角色授权”中授予；审计日志由安全审计员查看。
      </Typography.Text>
      <UserFormModal
        user={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          list.reload();
        }}
        onStale={list.reload}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}
