import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { LedgerRow } from './ledger.ts';

/**
 * The ledger (工作台账) as a Word document in the paper layout: A4 landscape, title, export date and
 * count, one bordered table with the same columns as the xlsx (header row repeated on every page,
 * rows not split across pages), page numbers "第 X 页 共 Y 页" in the footer. Chinese text is set
 * in 宋体 (eastAsia; Word and WPS map it to SimSun, LibreOffice to its Song substitute), Latin and
 * digits in Times New Roman, as official documents are.
 */

// A4 in twentieths of a point; docx swaps width and height for landscape.
const A4 = { width: 11906, height: 16838 };
const MARGIN = 720; // 12.7 mm
const COLUMN_WIDTHS = [560, 1000, 1250, 1000, 1900, 1250, 1000, 2800, 1800, 1600, 1238]; // = 16838 − 2 × 720
const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' };
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER };

/** Characters XML 1.0 does not allow (a pasted control character would make Word refuse the file). */
const clean = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

/** A cell's text: one run per line, so line breaks typed in a summary survive. */
function runs(text: string, opts: { bold?: boolean } = {}): TextRun[] {
  return clean(text)
    .split(/\r?\n/)
    .map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, bold: opts.bold, size: 20 }));
}

function cell(text: string, width: number, opts: { bold?: boolean; center?: boolean; shade?: boolean; span?: number } = {}): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    columnSpan: opts.span,
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 40, bottom: 40, left: 60, right: 60 },
    shading: opts.shade ? { fill: 'EEEEEE' } : undefined,
    children: [new Paragraph({ alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT, children: runs(text, opts) })],
  });
}

export async function ledgerDocxBuffer(title: string, exportedOn: string, headers: readonly string[], rows: LedgerRow[]): Promise<Buffer> {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: headers.map((h, i) => cell(h, COLUMN_WIDTHS[i]!, { bold: true, center: true, shade: true })),
  });
  const body =
    rows.length === 0
      ? [new TableRow({ children: [cell('暂无联系对象', A4.height - 2 * MARGIN, { center: true, span: headers.length })] })]
      : rows.map(
          (r, i) =>
            new TableRow({
              cantSplit: true,
              children: [String(i + 1), r.leader, r.county, r.talent, r.employer, r.date, r.channel, r.summary, r.problems, r.followUp, r.resolution].map((v, c) =>
                cell(v, COLUMN_WIDTHS[c]!, { center: c === 0 || c === 5 || c === 6 }),
              ),
            }),
        );
  const doc = new Document({
    creator: '凤归 · 人才回引工作平台',
    title,
    description: '领导联系服务人才工作台账',
    styles: { default: { document: { run: { font: FONT, size: 21 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height, orientation: PageOrientation.LANDSCAPE },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 400, footer: 400 },
          },
        },
        footers: {
          default: new Footer({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'], size: 18 })] })],
          }),
        },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 160 }, children: [new TextRun({ text: clean(title), size: 36, bold: true })] }),
          new Paragraph({ spacing: { after: 120 }, children: [new TextRun({ text: `导出日期：${exportedOn}　　共 ${rows.length} 条`, size: 21 })] }),
          new Table({
            width: { size: A4.height - 2 * MARGIN, type: WidthType.DXA },
            columnWidths: COLUMN_WIDTHS,
            layout: TableLayoutType.FIXED,
            borders: BORDERS,
            rows: [header, ...body],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
