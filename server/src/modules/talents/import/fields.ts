import { toHalfWidth } from '../../../../../contracts/id-number.ts';
import { TALENT_FIELD_LABELS, type TalentFields } from '../../../../../contracts/talents.ts';

export type ImportField = Exclude<keyof TalentFields, 'source'>;

/** The columns of the template, in order. `source` is not a column: imported rows are 批量导入. */
export const TEMPLATE_FIELDS: ImportField[] = [
  'name', 'gender', 'birthDate', 'ethnicity', 'idType', 'idNumber', 'phones', 'email', 'wechat',
  'nativeCountyId', 'nativeTownship', 'isNative', 'ownerCountyId', 'outpostId', 'locationCode', 'locationCountry',
  'employer', 'position', 'industryCode', 'specialty', 'degree', 'school', 'graduationYear', 'titleLevel', 'tier',
  'category', 'honours', 'tags', 'status', 'returnedAt', 'returnChannel', 'remarks',
];

export const labelOf = (field: string): string => TALENT_FIELD_LABELS[field] ?? field;

/** Header text as compared: half-width, no spaces, no required-marks, lower case. */
export function normaliseHeader(text: string): string {
  return toHalfWidth(text).replace(/[\s\u00a0*＊]/g, '').toLowerCase();
}

/** Other spellings of the headers that county spreadsheets use. */
const ALIASES: Record<string, ImportField> = {
  出生年月: 'birthDate', 出生年月日: 'birthDate', 生日: 'birthDate',
  证件号: 'idNumber', 身份证号: 'idNumber', 身份证号码: 'idNumber', 公民身份号码: 'idNumber', 身份证: 'idNumber',
  电话: 'phones', 手机: 'phones', 手机号: 'phones', 手机号码: 'phones', 联系方式: 'phones', 电话号码: 'phones',
  邮箱: 'email', 微信: 'wechat',
  籍贯县: 'nativeCountyId', '籍贯县(市、区)': 'nativeCountyId', 籍贯县市区: 'nativeCountyId',
  所属县: 'ownerCountyId', 所属县区: 'ownerCountyId', 所属县市区: 'ownerCountyId', '县(市、区)': 'ownerCountyId', 县市区: 'ownerCountyId',
  工作站: 'outpostId', 现居住地: 'locationCode', 现工作地: 'locationCode', 所在地: 'locationCode', 国家: 'locationCountry', 境外国家: 'locationCountry',
  单位: 'employer', 工作单位及职务: 'employer', 职位: 'position', 所属行业: 'industryCode', 专业: 'specialty',
  学历: 'degree', 毕业学校: 'school', 职称: 'titleLevel', 层级: 'tier', 类别: 'category', 人才分类: 'category',
  荣誉: 'honours', 当前状态: 'status', 返乡时间: 'returnedAt',
};

/** Headers we know and leave alone without a warning (our own annotations, row numbers). */
const IGNORED = new Set(['序号', '编号', '错误原因', '原工作表', '原行号', '来源'].map(normaliseHeader));

const BY_HEADER = new Map<string, ImportField>();
for (const f of TEMPLATE_FIELDS) BY_HEADER.set(normaliseHeader(labelOf(f)), f);
for (const [alias, f] of Object.entries(ALIASES)) BY_HEADER.set(normaliseHeader(alias), f);

export type HeaderCheck = { kind: 'field'; field: ImportField } | { kind: 'ignored' } | { kind: 'unknown' };

export function recogniseHeader(text: string): HeaderCheck {
  const key = normaliseHeader(text);
  if (!key || IGNORED.has(key)) return { kind: 'ignored' };
  const field = BY_HEADER.get(key);
  return field ? { kind: 'field', field } : { kind: 'unknown' };
}

export interface SheetLayout {
  headerRow: number;
  /** column number (1-based) → field and the header as written */
  columns: Map<number, { field: ImportField; header: string }>;
  warnings: string[];
}

/**
 * Decides whether a row is the header row: it must name the 姓名 column and at least one other
 * known column. Unknown and repeated headers become warnings.
 */
export function layoutFromHeader(sheet: string, rowNo: number, cells: (string | null)[]): SheetLayout | null {
  const columns = new Map<number, { field: ImportField; header: string }>();
  const seen = new Set<ImportField>();
  const warnings: string[] = [];
  cells.forEach((text, i) => {
    if (!text) return;
    const h = recogniseHeader(text);
    if (h.kind === 'unknown') warnings.push(`工作表“${sheet}”第 ${rowNo} 行：列“${text.trim()}”无法识别，已忽略`);
    if (h.kind !== 'field') return;
    if (seen.has(h.field)) {
      warnings.push(`工作表“${sheet}”第 ${rowNo} 行：列“${text.trim()}”与前面的“${labelOf(h.field)}”列重复，已忽略`);
      return;
    }
    seen.add(h.field);
    columns.set(i + 1, { field: h.field, header: text.trim() });
  });
  if (!seen.has('name') || seen.size < 2) return null;
  return { headerRow: rowNo, columns, warnings };
}
