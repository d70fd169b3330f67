import { PhoneOutlined } from '@ant-design/icons';
import { Card, Flex, Pagination, Spin, Typography, type PaginationProps } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { DEGREES, TITLE_LEVELS } from '../../../../../contracts/talents.ts';
import type { TalentListItem } from '../api.ts';
import { genderAge, type NameLookups } from '../labels.ts';
import { phonesText, StatusTag, TierTag } from './TalentTable.tsx';

interface Props {
  rows: TalentListItem[];
  loading: boolean;
  lookups: NameLookups;
  pagination: PaginationProps;
  empty: ReactNode;
}

const line = (...parts: (string | null | undefined)[]) => parts.filter((x) => x && x !== '—').join(' · ');

/** The registry on a phone: one card per person, the whole card is the link. */
export function TalentCards({ rows, loading, lookups, pagination, empty }: Props) {
  const today = dayjs().format('YYYY-MM-DD');
  return (
    <Spin spinning={loading}>
      {!rows.length && !loading ? (
        empty
      ) : (
        <Flex vertical gap={8} data-testid="talent-cards">
          {rows.map((t) => (
            <Link key={t.id} to={`/talents/${t.id}`} style={{ color: 'inherit' }}>
              <Card size="small" hoverable styles={{ body: { padding: 12 } }}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Typography.Text strong style={{ fontSize: 16 }}>{t.name}</Typography.Text>
                  <Flex gap={4}>
                    {t.tier && <TierTag tier={t.tier} lookups={lookups} />}
                    <StatusTag status={t.status} />
                  </Flex>
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {line(genderAge(t.gender, t.birthDate, today), t.ownerCountyName, t.locationName)}
                </Typography.Text>
                {(t.employer || t.position) && <div style={{ marginTop: 4 }}>{line(t.employer, t.position)}</div>}
                {(t.degree || t.school || t.titleLevel) && (
                  <div style={{ fontSize: 13 }}>{line(t.degree ? DEGREES[t.degree] : null, t.school, t.titleLevel && t.titleLevel !== 'none' ? TITLE_LEVELS[t.titleLevel] : null)}</div>
                )}
                {t.phonesMasked.length > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                    <PhoneOutlined /> {phonesText(t.phonesMasked)}
                  </Typography.Text>
                )}
              </Card>
            </Link>
          ))}
        </Flex>
      )}
      {pagination.total ? <Pagination simple size="small" align="center" style={{ marginTop: 12 }} {...pagination} /> : null}
    </Spin>
  );
}
