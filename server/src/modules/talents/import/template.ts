import ExcelJS from 'exceljs';
import { CATEGORIES, DEGREES, GENDERS, ID_TYPES, RETURN_CHANNELS, STATUSES, TITLE_LEVELS } from '../../../../../contracts/talents.ts';
import type { Db } from '../../../db/client.ts';
import { labelOf, TEMPLATE_FIELDS, type ImportField } from './fields.ts';
import { industryOptions, loadImportLookups } from './lookups.ts';

const ROWS = 5000;
const DICT_SHEET = '字典';

const NOTES: Partial<Record<ImportField, string>> = {
  name: '必填',
  birthDate: '可填 1990-05-01、1990.5、1990年5月、19900501 或日期格式；有身份证号时可不填',
  idNumber: '请保持文本格式（18 位，末位可为 X），以免 Excel 丢失末几位',
  phones: '手机号或带区号的固定电话；多个用顿号或逗号分隔',
  ownerCountyId: '县（市、区）管理员可不填，默认为本县（市、区）；市级导入必填',
  locationCode: '境内地区名称，如 广东省深圳市南山区，或 6 位行政区划代码',
  locationCountry: '在境外时填写国家名称，如 美国',
  honours: '多个用顿号分隔，如 国家杰青、长江学者',
  tags: '多个用顿号分隔',
  returnedAt: '状态为“已返乡/已引进”时填写',
};

const colLetter = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : colLetter(Math.floor((n - 1) / 26)) + colLetter(((n - 1) % 26) + 1));

/**
 * The import template: one sheet with the registry's columns (Chinese labels as headers, notes on
 * the tricky ones, ID and phone columns as text) and drop-downs fed from a hidden 字典 sheet, so
 * long lists (counties, industries) are not limited by Excel's 255-character inline lists.
 */
export async function buildTemplate(db: Db): Promise<Buffer> {
  const lk = await loadImportLookups(db);
  const lists: Partial<Record<ImportField, string[]>> = {
    gender: Object.values(GENDERS),
    idType: Object.values(ID_TYPES),
    nativeCountyId: lk.counties.map((c) => c.name),
    ownerCountyId: lk.counties.map((c) => c.name),
    isNative: ['是', '否'],
    outpostId: lk.outposts.map((o) => o.name),
    industryCode: industryOptions(),
    degree: Object.values(DEGREES),
    titleLevel: Object.values(TITLE_LEVELS),
    tier: lk.tiers.map((t) => t.name),
    category: Object.values(CATEGORIES),
    status: Object.values(STATUSES),
    returnChannel: Object.values(RETURN_CHANNELS),
  };
  const wb = new ExcelJS.Workbook();
  wb.creator = '凤归';
  const ws = wb.addWorksheet('人才信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  const dict = wb.addWorksheet(DICT_SHEET, { state: 'hidden' });
  ws.columns = TEMPLATE_FIELDS.map((f) => ({
    header: labelOf(f),
    key: f,
    width: f === 'idNumber' ? 22 : f === 'industryCode' || f === 'employer' || f === 'remarks' ? 28 : 14,
    style: f === 'idNumber' || f === 'phones' ? { numFmt: '@' } : {},
  }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', horizontal: 'center' };
  // exceljs supports range validations but its typings miss `dataValidations`.
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  let dictCol = 0;
  TEMPLATE_FIELDS.forEach((f, i) => {
    const cell = head.getCell(i + 1);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: f === 'name' ? 'FFFCE4D6' : 'FFD9E1F2' } };
    if (NOTES[f]) cell.note = NOTES[f]!;
    const values = lists[f];
    if (!values?.length) return;
    dictCol++;
    const L = colLetter(dictCol);
    dict.getCell(`${L}1`).value = labelOf(f);
    values.forEach((v, k) => (dict.getCell(`${L}${k + 2}`).value = v));
    const target = colLetter(i + 1);
    validations.add(`${target}2:${target}${ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`'${DICT_SHEET}'!$${L}$2:$${L}$${values.length + 1}`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: labelOf(f),
      error: '请从下拉列表中选择',
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
