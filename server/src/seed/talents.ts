import type { TalentFields } from '../../../contracts/talents.ts';
import { pinyinOf } from '../modules/talents/talent-record.ts';
import { idNumberFor } from './ids.ts';
import { Rng } from './random.ts';
import {
  ABROAD, CITIES, COMPANY_SUFFIXES, COMPANY_WORDS, EMPLOYERS, POSITIONS, REMARKS, SCHOOLS_ABROAD, SCHOOLS_COLLEGE, SCHOOLS_PROVINCIAL,
  SCHOOLS_TOP, SPECIALTIES, TAGS, type EmployerKind,
} from './talent-catalog.ts';
import { ETHNICITIES, GIVEN, SURNAMES, TOWNSHIPS } from './talent-names.ts';
import {
  ABROAD_RATE, BIRTH_RANGE, CATEGORY_WEIGHTS, DEGREE_WEIGHTS, DOWNGRADE, EMPLOYER_KINDS, GRAD_AGE, MOBILE_PREFIXES, OWNER_POSITIONS, WORKER_POSITIONS,
  type Category, type Degree,
} from './talent-profiles.ts';

/**
 * Realistic talents for the demo, tests and benchmarks, from one seed: the same seed and options
 * give the same people in the same order on every machine. About 1% of rows are the same person
 * again (same ID number, or same phone, or same name and birth date, with the employer written
 * differently) so the duplicate finder has something to find.
 */
export interface GeneratorOptions {
  seed?: number;
  /** The home city's counties: every native comes from one of them, every record is owned by one. */
  countyIds: string[];
  /** Their names, same order (for the employers of people who came home). */
  countyNames?: string[];
  /** Their GB/T 2260 codes, same order, for the ID numbers of natives (real codes used when missing). */
  countyCodes?: (string | null)[];
  /** Outposts with the city they sit in; talents living there are partly recommended by them. */
  outposts?: { id: string; divisionCode: string }[];
  /** Share of rows that repeat an earlier person, default 0.01. */
  duplicateRate?: number;
}

export type GeneratedTalent = TalentFields & { createdAt: Date; updatedAt: Date; duplicateOf: number | null };

/** Data is dated up to this day, so the same seed gives the same rows whenever it runs. */
export const REFERENCE_DATE = '2026-11-01';
const REF_YEAR = 2026;
const REF_MS = Date.UTC(2026, 10, 1);
const CREATED_FROM_MS = Date.UTC(2019, 0, 1);
/** Real county codes (赣州市) lent to a home city whose counties have no code. */
const FALLBACK_REGIONS = ['360702', '360703', '360704', '360722', '360723', '360724', '360725', '360726', '360728', '360729', '360730', '360731', '360732', '360733', '360734', '360735', '360781', '360783'];
/** Names forced into the first 500 rows and every 5,000 after: they are what people type into the search box. */
const FIXED_NAMES: Record<number, [string, 'male' | 'female']> = { 7: ['王伟', 'male'], 113: ['王伟芳', 'female'], 251: ['张伟', 'male'], 389: ['李娜', 'female'] };

const BY_KIND = new Map<EmployerKind, (typeof EMPLOYERS)[number][]>();
for (const e of EMPLOYERS) BY_KIND.set(e[3], [...(BY_KIND.get(e[3]) ?? []), e]);
const SUFFIXES_FOR = new Map<EmployerKind, (typeof COMPANY_SUFFIXES)[number][]>(
  (['tech', 'industry', 'bank'] as const).map((k) => [k, COMPANY_SUFFIXES.filter((s) => s[2] === k)]),
);
const CITY_WEIGHTS = CITIES.map((c) => [c, c.weight] as const);
const ABROAD_WEIGHTS = ABROAD.map((a) => [a, a.weight] as const);

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class TalentGenerator {
  private readonly rng: Rng;
  private readonly opts: GeneratorOptions;
  private readonly regions: string[];
  private readonly usedIds = new Set<string>();
  private readonly usedPhones = new Set<string>();
  private readonly recent: { t: GeneratedTalent; i: number }[] = [];
  private readonly pinyinCache = new Map<string, string>();
  private index = 0;

  constructor(opts: GeneratorOptions) {
    if (!opts.countyIds.length) throw new Error('the generator needs at least one county');
    this.opts = opts;
    this.rng = new Rng(opts.seed ?? 20261126);
    this.regions = opts.countyIds.map((_, i) => opts.countyCodes?.[i] ?? FALLBACK_REGIONS[i % FALLBACK_REGIONS.length]!);
  }

  next(): GeneratedTalent {
    const i = this.index++;
    const rate = this.opts.duplicateRate ?? 0.01;
    const t = this.recent.length > 20 && this.rng.chance(rate) ? this.duplicate(this.rng.pick(this.recent)) : this.person(i);
    if (t.duplicateOf === null) {
      if (this.recent.length < 2000) this.recent.push({ t, i });
      else this.recent[this.rng.int(0, this.recent.length - 1)] = { t, i };
    }
    return t;
  }

  take(n: number): GeneratedTalent[] {
    const out: GeneratedTalent[] = [];
    for (let k = 0; k < n; k++) out.push(this.next());
    return out;
  }

  private person(i: number): GeneratedTalent {
    const r = this.rng;
    const category = r.weighted(CATEGORY_WEIGHTS);
    const [lo, hi] = BIRTH_RANGE[category];
    const year = Math.round((r.int(lo, hi) + r.int(lo, hi)) / 2);
    const month = r.int(1, 12);
    const birthDate = `${year}-${pad(month)}-${pad(r.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate()))}`;
    const fixed = i < 500 || i % 5000 < 500 ? FIXED_NAMES[i % 500] : undefined;
    const gender = fixed?.[1] ?? (r.chance(category === 'worker' ? 0.6 : 0.53) ? 'male' : 'female');
    const name = fixed?.[0] ?? this.name(gender, year);

    const county = r.int(0, this.opts.countyIds.length - 1);
    const isNative = r.chance(0.93);
    const region = isNative ? this.regions[county]! : r.pick(r.weighted(CITY_WEIGHTS).districts);
    const idNumber = r.chance(0.82) ? this.uniqueId(region, birthDate, gender) : null;

    let degree = r.weighted(DEGREE_WEIGHTS[category]);
    let graduationYear = year + GRAD_AGE[degree] + r.int(-1, 2);
    while (category !== 'student' && graduationYear > REF_YEAR && degree !== 'secondary') {
      degree = DOWNGRADE[degree];
      graduationYear = year + GRAD_AGE[degree] + r.int(-1, 1);
    }
    graduationYear = category === 'student' ? Math.max(graduationYear, REF_YEAR + r.int(0, 3)) : Math.min(graduationYear, REF_YEAR);
    const age = REF_YEAR - year;

    const status = r.weighted([['abroad', 86], ['intending', 9], ['returned', 5]] as const);
    const job = this.job(category, degree, status === 'returned' ? county : null);
    const school = category === 'student' && job.kind === 'university' ? job.employer : this.school(degree, job.country !== null);
    const { titleLevel, tier, honours } = this.standing(category, degree, age, job.kind);

    // Drawn whether or not an outpost sits there, so the outposts given never shift the sequence.
    const recommended = r.chance(0.35);
    const city = job.locationCode ? `${job.locationCode.slice(0, 4)}00` : null;
    const outpostId = (recommended && city && this.opts.outposts?.find((x) => x.divisionCode === city)?.id) || null;
    const source = outpostId && r.chance(0.5) ? 'outpost' : r.weighted([['county', 50], ['import', 15], ['portal', 12], ['event', 8], ['hotline', 5]] as const);
    const createdMs = CREATED_FROM_MS + Math.floor(r.next() * (REF_MS - CREATED_FROM_MS));
    const updatedMs = Math.min(REF_MS, createdMs + Math.floor(r.next() * r.next() * 400 * 86_400_000));
    const returnedAt = status === 'returned' ? isoDay(Date.UTC(2015, 0, 1) + Math.floor(r.next() * (REF_MS - Date.UTC(2015, 0, 1)))) : null;

    return {
      name,
      gender,
      birthDate,
      ethnicity: r.chance(0.9) ? r.weighted(ETHNICITIES) : null,
      idType: idNumber ? 'resident' : null,
      idNumber,
      phones: r.chance(0.94) ? (r.chance(0.12) ? [this.uniquePhone(), this.uniquePhone()] : [this.uniquePhone()]) : [],
      email: r.chance(0.35) ? this.email(name, year, job.country !== null) : null,
      wechat: r.chance(0.25) ? `wxid_${Math.floor(r.next() * 36 ** 8).toString(36).padStart(8, '0')}` : null,
      nativeCountyId: isNative ? this.opts.countyIds[county]! : null,
      nativeTownship: isNative && r.chance(0.7) ? r.pick(TOWNSHIPS) : null,
      isNative,
      ownerCountyId: this.opts.countyIds[county]!,
      outpostId,
      locationCode: job.locationCode,
      locationCountry: job.country,
      employer: job.employer,
      position: job.position,
      industryCode: job.industry,
      specialty: r.chance(0.85) ? r.pick(SPECIALTIES[job.kind]) : null,
      degree,
      school,
      graduationYear: degree === 'secondary' && r.chance(0.5) ? null : graduationYear,
      titleLevel,
      tier,
      category,
      honours,
      tags: this.tags(category, tier, job.country !== null),
      status,
      returnedAt,
      returnChannel: returnedAt ? r.weighted([['job', 40], ['startup', 20], ['project', 10], ['public', 20], ['other', 10]] as const) : null,
      source,
      remarks: r.chance(0.02) ? r.pick(REMARKS) : null,
      createdAt: new Date(createdMs),
      updatedAt: new Date(updatedMs),
      duplicateOf: null,
    };
  }

  /** The same person reported again: by ID number, by phone, or by name and birth date. */
  private duplicate({ t: orig, i }: { t: GeneratedTalent; i: number }): GeneratedTalent {
    const r = this.rng;
    const kind = orig.idNumber && r.chance(0.4) ? 'id' : orig.phones.length && r.chance(0.5) ? 'phone' : 'nameBirth';
    const employer = orig.employer ? r.pick([`${orig.employer}（${r.pick(['总部', '分公司', '研发中心'])}）`, ` ${orig.employer} `.replace(/有限公司$/, ' 有限公司'), orig.employer]) : null;
    const createdMs = Math.min(REF_MS, orig.createdAt.getTime() + r.int(1, 300) * 86_400_000);
    return {
      ...orig,
      idNumber: kind === 'id' ? orig.idNumber : null,
      idType: kind === 'id' ? orig.idType : null,
      phones: kind === 'phone' ? [orig.phones[0]!] : kind === 'id' && r.chance(0.5) ? [this.uniquePhone()] : [],
      ownerCountyId: r.chance(0.5) ? r.pick(this.opts.countyIds) : orig.ownerCountyId,
      employer: employer?.trim() ?? null,
      source: r.weighted([['import', 40], ['portal', 30], ['event', 20], ['hotline', 10]] as const),
      tags: [],
      remarks: null,
      createdAt: new Date(createdMs),
      updatedAt: new Date(createdMs),
      duplicateOf: i,
    };
  }

  private name(gender: 'male' | 'female', year: number): string {
    const r = this.rng;
    const pools = GIVEN[gender][year < 1985 ? 'older' : 'younger'];
    const surname = r.weighted(SURNAMES);
    const roll = r.next();
    if (roll < 0.3) return surname + r.weighted(pools.single);
    if (roll < 0.55) return surname + r.pick(pools.full);
    const a = r.pick([...pools.first]);
    let b = r.pick([...pools.second]);
    while (b === a) b = r.pick([...pools.second]);
    return surname + a + b;
  }

  private uniqueId(region: string, birthDate: string, gender: 'male' | 'female'): string {
    for (let tries = 0; ; tries++) {
      const id = idNumberFor(region, birthDate, this.rng.int(0, tries < 50 ? 99 : 499), gender);
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }

  private uniquePhone(): string {
    for (;;) {
      const p = this.rng.pick(MOBILE_PREFIXES) + String(this.rng.int(0, 99_999_999)).padStart(8, '0');
      if (!this.usedPhones.has(p)) {
        this.usedPhones.add(p);
        return p;
      }
    }
  }

  private job(category: Category, degree: Degree, homeCounty: number | null) {
    const r = this.rng;
    if (homeCounty !== null) {
      const [suffix, industry] = r.pick(COMPANY_SUFFIXES);
      const prefix = this.opts.countyNames?.[homeCounty] ?? '';
      return { employer: prefix + r.pick(COMPANY_WORDS) + suffix, locationCode: null, country: null, industry, kind: 'local' as EmployerKind, position: r.pick(POSITIONS.local) };
    }
    if (r.chance(ABROAD_RATE[category])) {
      const a = r.weighted(ABROAD_WEIGHTS);
      const academic = category === 'expert' || category === 'student';
      const choices = a.employers.filter(([, ind]) => (category === 'student' ? ind === 'P83' : academic || ind !== 'P83'));
      const [employer, industry] = r.pick(choices.length ? choices : a.employers);
      const kind: EmployerKind = industry === 'P83' ? 'university' : industry === 'M73' ? 'research' : 'tech';
      const position = category === 'student' ? this.studentPosition(degree) : category === 'entrepreneur' || category === 'chamber' ? r.pick(OWNER_POSITIONS) : r.pick(POSITIONS[kind]);
      return { employer, locationCode: null, country: a.country, industry, kind, position };
    }
    const kind = r.weighted(EMPLOYER_KINDS[category]);
    const known = BY_KIND.get(kind);
    if (known && (kind !== 'local' && kind !== 'industry' ? true : r.chance(0.25))) {
      const [employer, district, industry] = r.pick(known);
      const position = category === 'student' ? this.studentPosition(degree) : r.pick(POSITIONS[kind]);
      return { employer, locationCode: district, country: null, industry, kind, position };
    }
    const city = r.weighted(CITY_WEIGHTS);
    const [suffix, industry, sk] = r.pick(SUFFIXES_FOR.get(kind) ?? COMPANY_SUFFIXES);
    const own = category === 'entrepreneur' || category === 'chamber';
    const position = own && r.chance(0.7) ? r.pick(OWNER_POSITIONS) : r.pick(category === 'worker' ? WORKER_POSITIONS : POSITIONS[sk]);
    return { employer: city.name + r.pick(COMPANY_WORDS) + suffix, locationCode: r.pick(city.districts), country: null, industry, kind: sk, position };
  }

  private studentPosition(degree: Degree): string {
    return degree === 'doctor' ? '在读博士研究生' : degree === 'master' ? '在读硕士研究生' : '在读本科生';
  }

  private school(degree: Degree, abroad: boolean): string | null {
    const r = this.rng;
    if (degree === 'secondary') return null;
    if (degree === 'college') return r.pick(SCHOOLS_COLLEGE);
    const abroadShare = abroad ? 0.6 : degree === 'doctor' ? 0.12 : degree === 'master' ? 0.05 : 0.01;
    if (r.chance(abroadShare)) return r.pick(SCHOOLS_ABROAD);
    const topShare = degree === 'doctor' ? 0.6 : degree === 'master' ? 0.38 : 0.15;
    return r.pick(r.chance(topShare) ? SCHOOLS_TOP : SCHOOLS_PROVINCIAL);
  }

  private standing(category: Category, degree: Degree, age: number, kind: EmployerKind) {
    const r = this.rng;
    type Title = TalentFields['titleLevel'];
    let titleLevel: Title = null;
    if (category === 'expert') titleLevel = age < 35 ? r.weighted([['associate', 40], ['intermediate', 60]] as [Title, number][]) : r.weighted([['senior', 50], ['associate', 35], ['intermediate', 15]] as [Title, number][]);
    else if (category === 'professional') titleLevel = r.weighted([['senior', 7], ['associate', 23], ['intermediate', 40], ['junior', 20], ['none', 10]] as [Title, number][]);
    else if (category === 'youth') titleLevel = r.weighted([['junior', 30], ['intermediate', 10], [null, 60]] as [Title, number][]);
    else if (category !== 'student' && r.chance(0.3)) titleLevel = r.weighted([['none', 70], ['intermediate', 20], ['associate', 10]] as [Title, number][]);

    let tier: string | null = null;
    const roll = r.next();
    if (category === 'expert') tier = titleLevel === 'senior' && age >= 50 && roll < 0.02 ? 'A' : roll < 0.1 ? 'B' : roll < 0.4 ? 'C' : 'D';
    else if (category === 'entrepreneur') tier = roll < 0.05 ? 'C' : roll < 0.45 ? 'D' : roll < 0.65 ? 'E' : null;
    else if (category === 'professional') tier = roll < 0.02 ? 'C' : roll < 0.32 && (degree === 'doctor' || titleLevel === 'senior' || titleLevel === 'associate') ? 'D' : roll < 0.7 ? 'E' : null;
    else if (category === 'youth') tier = roll < 0.5 ? 'E' : null;
    else if (category === 'chamber') tier = roll < 0.2 ? 'D' : roll < 0.4 ? 'E' : null;
    else if (category === 'student') tier = degree === 'doctor' && roll < 0.5 ? 'E' : null;
    else tier = roll < 0.08 ? 'E' : null;

    const honours: string[] = [];
    if (tier === 'A') honours.push('两院院士', ...(r.chance(0.5) ? ['享受国务院特殊津贴'] : []));
    if (tier === 'B') honours.push(r.pick(['国家杰青', '长江学者', '万人计划', '国家优青']));
    if (tier === 'C' && r.chance(0.6)) honours.push(r.chance(0.75) ? '省级领军人才' : '百千万人才工程');
    if (degree === 'doctor' && (kind === 'research' || kind === 'university') && age < 40 && r.chance(0.15)) honours.push('博士后');
    if (titleLevel === 'senior' && tier !== 'A' && r.chance(0.04)) honours.push('享受国务院特殊津贴');
    return { titleLevel, tier, honours };
  }

  private tags(category: Category, tier: string | null, abroad: boolean): string[] {
    const r = this.rng;
    const out = new Set<string>();
    if ((tier === 'A' || tier === 'B' || category === 'entrepreneur') && r.chance(0.5)) out.add('重点联系');
    if (abroad && r.chance(0.4)) out.add('海归');
    if (category === 'chamber' && r.chance(0.3)) out.add('商会骨干');
    if (r.chance(0.15)) out.add(r.pick(TAGS));
    if (r.chance(0.03)) out.add(r.pick(TAGS));
    return [...out];
  }

  private email(name: string, year: number, abroad: boolean): string {
    const r = this.rng;
    if (!abroad && r.chance(0.35)) return `${r.int(10_000, 2_999_999_999)}@qq.com`;
    let py = this.pinyinCache.get(name);
    if (py === undefined) {
      py = pinyinOf(name).full;
      this.pinyinCache.set(name, py);
    }
    const local = r.chance(0.5) ? `${py}${year % 100}` : `${py}${r.int(1, 999)}`;
    return `${local}@${abroad ? 'gmail.com' : r.pick(['163.com', '126.com', 'sina.com', 'foxmail.com', 'outlook.com'])}`;
  }
}

/** The first `count` talents of a seed. */
export function generateTalents(opts: GeneratorOptions, count: number): GeneratedTalent[] {
  return new TalentGenerator(opts).take(count);
}
