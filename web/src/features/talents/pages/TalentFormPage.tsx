import { App, Button, Card, Form, Result, Skeleton } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../../api/client.ts';
import { showError } from '../../../api/errors.ts';
import { toast } from '../../../api/feedback.ts';
import { useCurrentUser } from '../../../app/session.tsx';
import { hasAnyRole, OUTPOST_READERS, writeReach, type WriteReach } from '../access.ts';
import { talentsApi } from '../api.ts';
import { TalentForm } from '../components/TalentForm.tsx';
import { changedFields, fromTalent, toBody, type TalentFormValues } from '../formValues.ts';
import { useLookups } from '../hooks/useLookups.ts';
import { useTalent } from '../hooks/useTalent.ts';
import { TalentMissing } from './TalentDetailPage.tsx';

/** A new record's starting values: the writer's own county or outpost preset. */
function newValues(reach: WriteReach): TalentFormValues {
  const outpostOnly = !reach.cityWide && !reach.counties && reach.outposts.length > 0;
  return {
    isNative: true,
    status: 'abroad',
    source: outpostOnly ? 'outpost' : 'county',
    ownerCountyId: reach.counties?.length === 1 ? reach.counties[0] : undefined,
    outpostId: outpostOnly && reach.outposts.length === 1 ? reach.outposts[0] : undefined,
    idType: 'resident',
    abroad: false,
    replaceId: true,
    replacePhones: true,
    phones: [''],
    honours: [],
    tags: [],
  };
}

/** 新增人才 (/talents/new) and 编辑人才 (/talents/:id/edit). */
export default function TalentFormPage() {
  const { id } = useParams();
  const mode = id ? 'edit' : 'create';
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const [form] = Form.useForm<TalentFormValues>();
  const [saving, setSaving] = useState(false);
  const reach = useMemo(() => writeReach(user), [user]);
  const canReadOutposts = hasAnyRole(user, OUTPOST_READERS);
  const lookups = useLookups({ outposts: canReadOutposts, countries: true });
  const { talent, state, reload } = useTalent(id);
  const initialValues = useMemo(() => (talent ? fromTalent(talent) : newValues(reach)), [talent, reach]);

  if (mode === 'edit' && state === 'missing') return <TalentMissing />;
  if (mode === 'edit' && state === 'failed') return <Result status="warning" title="人才记录暂时无法加载" extra={<Button onClick={() => void reload()}>重试</Button>} />;
  if (mode === 'edit' && !talent) return <Card><Skeleton active paragraph={{ rows: 10 }} /></Card>;

  const onConflict = () =>
    modal.confirm({
      title: '数据已被他人修改',
      content: '在您编辑期间，这条记录已被其他人修改并保存。重新加载将显示最新数据，您本次未保存的修改将丢失；也可以先留在此页记下修改内容。',
      okText: '重新加载',
      cancelText: '留在此页',
      onOk: async () => {
        const fresh = await reload();
        if (fresh) {
          form.resetFields();
          form.setFieldsValue(fromTalent(fresh));
        }
      },
    });

  const onFinish = async (values: TalentFormValues) => {
    setSaving(true);
    try {
      if (!talent) {
        const created = await talentsApi.create(toBody(values) as Parameters<typeof talentsApi.create>[0]);
        toast().success(`已新增人才：${created.name}`);
        navigate(`/talents/${created.id}`, { replace: true });
        return;
      }
      const changes = changedFields(toBody(fromTalent(talent)), toBody(values));
      if (!Object.keys(changes).length) {
        toast().info('没有修改任何内容');
        navigate(`/talents/${talent.id}`, { replace: true });
        return;
      }
      const saved = await talentsApi.update(talent.id, { version: talent.version, ...changes });
      toast().success(`已保存：${saved.name}`);
      navigate(`/talents/${saved.id}`, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') onConflict();
      else showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <TalentForm
      key={talent?.id ?? 'new'}
      form={form}
      mode={mode}
      talent={talent}
      initialValues={initialValues}
      counties={lookups.countyList}
      outposts={lookups.outpostList}
      countries={lookups.countryList}
      tiers={lookups.tierList}
      reach={reach}
      canReadOutposts={canReadOutposts}
      saving={saving}
      onFinish={(v) => void onFinish(v)}
      onCancel={() => navigate(talent ? `/talents/${talent.id}` : '/talents')}
    />
  );
}
