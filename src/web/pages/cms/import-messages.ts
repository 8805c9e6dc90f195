import type { Lang } from '../../i18n/i18n';

/** The import panel's strings (kept beside it rather than in the shared dictionaries). */
const en = {
  open: 'Import…',
  title: 'Import products (CSV or JSON lines)',
  help: 'One row per product, matched by sku: new skus are created, existing ones get only the fields you give, stock is set to the number given. Lists (images, grantsVideoIds) are separated by “|”; prices are in minor units (JPY: yen).',
  template: 'Download a CSV template',
  choose: 'Choose a file',
  badType: 'Choose a .csv, .jsonl or .ndjson file',
  tooBig: 'The file is larger than 20 MB; split it',
  uploading: 'Uploading… {pct}%',
  importing: 'Importing rows…',
  summary: '{created} created · {updated} updated · {unchanged} unchanged · {failed} failed',
  allGood: 'Every row was imported.',
  errorsTitle: 'Rows that were not imported',
  moreErrors: '{shown} of {failed} failed rows are listed.',
  row: 'Line',
  message: 'Problem',
  close: 'Close',
} as const;

export type ImportMessageKey = keyof typeof en;

const ja: Record<ImportMessageKey, string> = {
  open: 'インポート…',
  title: '商品のインポート（CSV または JSON Lines）',
  help: '1行に1商品、sku で照合します。新しい sku は作成、既存の商品は指定した項目だけ更新し、在庫は指定の数に合わせます。リスト（images, grantsVideoIds）は「|」区切り、価格は最小単位（円）です。',
  template: 'CSV テンプレートをダウンロード',
  choose: 'ファイルを選択',
  badType: '.csv、.jsonl、.ndjson のファイルを選んでください',
  tooBig: '20 MB を超えています。分割してください',
  uploading: 'アップロード中… {pct}%',
  importing: 'インポート中…',
  summary: '作成 {created} · 更新 {updated} · 変更なし {unchanged} · 失敗 {failed}',
  allGood: 'すべての行をインポートしました。',
  errorsTitle: 'インポートできなかった行',
  moreErrors: '失敗 {failed} 行のうち {shown} 行を表示しています。',
  row: '行',
  message: '内容',
  close: '閉じる',
};

export function importMessages(lang: Lang) {
  const dict: Record<ImportMessageKey, string> = lang === 'en' ? en : ja;
  return (key: ImportMessageKey, params?: Record<string, string | number>) =>
    dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
}

export const IMPORT_TEMPLATE_CSV =
  'sku,title,description,price,currency,category,kind,images,grantsVideoIds,stock,published\n' +
  'TEA-001,"Sencha, first flush",Spring harvest,1800,JPY,tea,PHYSICAL,https://example.com/tea.jpg,,25,true\n';
