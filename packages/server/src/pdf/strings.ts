/**
 * The words of an invoice PDF per locale, and which locales a PDF can be printed in.
 *
 * | locale | PDF | why |
 * |---|---|---|
 * | en | yes | Noto Sans |
 * | tr | yes | Noto Sans (Latin Extended: ğ ı ş İ) |
 * | zh-CN | yes | Noto Sans SC (no shaping needed) |
 * | ar | no → merchant's language | Arabic letters must join and run right to left; pdf-lib + fontkit print them unjoined |
 * | hi | no → merchant's language | Devanagari needs conjuncts and reordered vowel signs; fontkit's Indic shaper fails in pdf-lib |
 */
import { matchAvailableLocale, SUBKIT_LOCALES } from '@subkit/core';
import type { InvoicePurpose, InvoiceStatus, SubkitLocale, TaxKind } from '@subkit/core';
import type { FontFamily } from './fonts.js';

/** The locales an invoice PDF can be printed in, with the font families each needs. */
export const PDF_LOCALES = {
  en: ['noto-sans'],
  tr: ['noto-sans'],
  'zh-CN': ['noto-sans', 'noto-sans-sc'],
} as const satisfies Partial<Record<SubkitLocale, readonly FontFamily[]>>;
export type PdfLocale = keyof typeof PDF_LOCALES;

/** Locales subkit speaks but cannot print, and why (the PDF falls back to the merchant's language). */
export const PDF_UNSUPPORTED: Partial<Record<SubkitLocale, string>> = {
  ar: 'Arabic needs joined letter forms and right-to-left runs, which pdf-lib cannot shape.',
  hi: 'Devanagari needs conjuncts and reordered vowel signs, which pdf-lib cannot shape.',
};

/**
 * The locale to print in: the first wanted one a PDF supports; a wanted locale subkit speaks but cannot print
 * (Arabic, Hindi) falls back to the merchant's language (or English when that cannot be printed either).
 */
export function choosePdfLocale(wanted: readonly string[], merchantLocale: SubkitLocale): { locale: PdfLocale; asked: SubkitLocale | null } {
  const asked = matchAvailableLocale(wanted, SUBKIT_LOCALES) as SubkitLocale | null;
  const printable = (l: string | null): l is PdfLocale => l !== null && l in PDF_LOCALES;
  if (printable(asked)) return { locale: asked, asked };
  return { locale: printable(merchantLocale) ? merchantLocale : 'en', asked };
}

/** The words of one invoice PDF. `{name}` placeholders are filled by the renderer. */
export interface PdfStrings {
  invoice: string;
  invoiceNumber: string;
  issueDate: string;
  supplyPeriod: string;
  dueDate: string;
  poNumber: string;
  purposeLabel: string;
  statusLabel: string;
  billTo: string;
  vatId: string;
  taxId: string;
  taxNumber: string;
  registration: string;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  subtotal: string;
  discount: string;
  taxOn: string;
  total: string;
  creditApplied: string;
  amountPaid: string;
  amountDue: string;
  reverseCharge: string;
  notSubject: string;
  payByTransfer: string;
  accountHolder: string;
  bank: string;
  iban: string;
  bic: string;
  accountNumber: string;
  routingNumber: string;
  reference: string;
  referenceWithPo: string;
  paidOn: string;
  chargedToCard: string;
  willBeCharged: string;
  noBankDetails: string;
  page: string;
  continued: string;
  included: string;
  subject: string;
  period: string;
  trial: string;
  usage: string;
  usageIncluded: string;
  unusedTime: string;
  remainingTime: string;
  dateRange: string;
  status: Record<InvoiceStatus | 'overdue', string>;
  purpose: Record<InvoicePurpose, string>;
  taxNames: Record<Exclude<TaxKind, 'other'>, string>;
}

const en: PdfStrings = {
  invoice: 'Invoice',
  invoiceNumber: 'Invoice number',
  issueDate: 'Issue date',
  supplyPeriod: 'Period of supply',
  dueDate: 'Due date',
  poNumber: 'PO number',
  purposeLabel: 'For',
  statusLabel: 'Status',
  billTo: 'Bill to',
  vatId: 'VAT ID',
  taxId: 'Tax ID',
  taxNumber: 'Tax number',
  registration: 'Registration',
  description: 'Description',
  quantity: 'Qty',
  unitPrice: 'Unit price',
  amount: 'Amount',
  subtotal: 'Subtotal',
  discount: 'Discount',
  taxOn: '{tax} on {amount}',
  total: 'Total',
  creditApplied: 'Credit applied',
  amountPaid: 'Amount paid',
  amountDue: 'Amount due',
  reverseCharge: 'Reverse charge: VAT is to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC).',
  notSubject: 'Not subject to VAT: the place of supply is outside the EU (Article 44, Council Directive 2006/112/EC).',
  payByTransfer: 'Please pay {amount} by {date} by bank transfer to:',
  accountHolder: 'Account holder',
  bank: 'Bank',
  iban: 'IBAN',
  bic: 'BIC',
  accountNumber: 'Account number',
  routingNumber: 'Routing number',
  reference: 'Payment reference',
  referenceWithPo: '{number} (PO {po})',
  paidOn: 'Paid on {date}. Thank you.',
  chargedToCard: 'Charged to the card on file on {date}.',
  willBeCharged: '{amount} will be charged to the card on file.',
  noBankDetails: 'Please pay {amount} by {date}, quoting {reference}.',
  page: 'Page {page} of {pages}',
  continued: '{number} (continued)',
  included: 'included',
  subject: '{plan} — {item}',
  period: '{subject}',
  trial: 'Free trial — {subject}',
  usage: '{subject}: usage',
  usageIncluded: '{subject}: usage ({included} included)',
  unusedTime: 'Unused time on {subject}',
  remainingTime: 'Remaining time on {subject}',
  dateRange: '{start} – {end}',
  status: { draft: 'Draft', open: 'Due', paid: 'Paid', void: 'Void', uncollectible: 'Uncollectible', overdue: 'Overdue' },
  purpose: {
    purchase: 'New subscription',
    renewal: 'Renewal',
    upgrade: 'Upgrade',
    downgrade: 'Downgrade',
    seats: 'Change of seats',
    add_ons: 'Change of add-ons',
    billing_period: 'Change of billing period',
    change: 'Subscription change',
    usage: 'Usage',
    manual: 'Invoice',
  },
  taxNames: { vat: 'VAT', sales_tax: 'Sales tax', gst: 'GST' },
};

const tr: PdfStrings = {
  invoice: 'Fatura',
  invoiceNumber: 'Fatura numarası',
  issueDate: 'Düzenleme tarihi',
  supplyPeriod: 'Hizmet dönemi',
  dueDate: 'Son ödeme tarihi',
  poNumber: 'Sipariş no. (PO)',
  purposeLabel: 'Konu',
  statusLabel: 'Durum',
  billTo: 'Fatura edilen',
  vatId: 'KDV numarası',
  taxId: 'Vergi numarası',
  taxNumber: 'Vergi numarası',
  registration: 'Sicil',
  description: 'Açıklama',
  quantity: 'Adet',
  unitPrice: 'Birim fiyat',
  amount: 'Tutar',
  subtotal: 'Ara toplam',
  discount: 'İndirim',
  taxOn: '{amount} üzerinden {tax}',
  total: 'Toplam',
  creditApplied: 'Uygulanan alacak',
  amountPaid: 'Ödenen tutar',
  amountDue: 'Ödenecek tutar',
  reverseCharge: 'Sorumlu sıfatıyla beyan (reverse charge): KDV alıcı tarafından beyan edilir (2006/112/AT sayılı Direktif, madde 196).',
  notSubject: 'KDV kapsamı dışında: hizmetin ifa yeri AB dışındadır (2006/112/AT sayılı Direktif, madde 44).',
  payByTransfer: 'Lütfen {amount} tutarını {date} tarihine kadar banka havalesiyle şu hesaba ödeyin:',
  accountHolder: 'Hesap sahibi',
  bank: 'Banka',
  iban: 'IBAN',
  bic: 'BIC',
  accountNumber: 'Hesap numarası',
  routingNumber: 'Banka kodu',
  reference: 'Ödeme açıklaması',
  referenceWithPo: '{number} (PO {po})',
  paidOn: '{date} tarihinde ödendi. Teşekkür ederiz.',
  chargedToCard: '{date} tarihinde kayıtlı karttan tahsil edildi.',
  willBeCharged: '{amount} kayıtlı karttan tahsil edilecek.',
  noBankDetails: 'Lütfen {amount} tutarını {date} tarihine kadar {reference} açıklamasıyla ödeyin.',
  page: 'Sayfa {page} / {pages}',
  continued: '{number} (devam)',
  included: 'dahil',
  subject: '{plan} — {item}',
  period: '{subject}',
  trial: 'Ücretsiz deneme — {subject}',
  usage: '{subject}: kullanım',
  usageIncluded: '{subject}: kullanım ({included} dahil)',
  unusedTime: '{subject} için kullanılmayan süre',
  remainingTime: '{subject} için kalan süre',
  dateRange: '{start} – {end}',
  status: { draft: 'Taslak', open: 'Ödenecek', paid: 'Ödendi', void: 'İptal edildi', uncollectible: 'Tahsil edilemez', overdue: 'Vadesi geçti' },
  purpose: {
    purchase: 'Yeni abonelik',
    renewal: 'Yenileme',
    upgrade: 'Yükseltme',
    downgrade: 'Düşürme',
    seats: 'Kullanıcı sayısı değişikliği',
    add_ons: 'Eklenti değişikliği',
    billing_period: 'Faturalama dönemi değişikliği',
    change: 'Abonelik değişikliği',
    usage: 'Kullanım',
    manual: 'Fatura',
  },
  taxNames: { vat: 'KDV', sales_tax: 'Satış vergisi', gst: 'GST' },
};

const zhCN: PdfStrings = {
  invoice: '发票',
  invoiceNumber: '发票号码',
  issueDate: '开票日期',
  supplyPeriod: '服务期间',
  dueDate: '付款截止日期',
  poNumber: '采购订单号',
  purposeLabel: '事由',
  statusLabel: '状态',
  billTo: '付款方',
  vatId: '增值税号',
  taxId: '税号',
  taxNumber: '税号',
  registration: '注册信息',
  description: '项目',
  quantity: '数量',
  unitPrice: '单价',
  amount: '金额',
  subtotal: '小计',
  discount: '折扣',
  taxOn: '{tax}（计税金额 {amount}）',
  total: '合计',
  creditApplied: '已抵扣余额',
  amountPaid: '已付金额',
  amountDue: '应付金额',
  reverseCharge: '反向征收：增值税由购买方申报缴纳（欧盟理事会第 2006/112/EC 号指令第 196 条）。',
  notSubject: '不征收增值税：服务提供地在欧盟以外（欧盟理事会第 2006/112/EC 号指令第 44 条）。',
  payByTransfer: '请于 {date} 前通过银行转账支付 {amount}：',
  accountHolder: '账户名',
  bank: '开户银行',
  iban: 'IBAN',
  bic: 'BIC',
  accountNumber: '账号',
  routingNumber: '银行代码',
  reference: '付款附言',
  referenceWithPo: '{number}（采购订单 {po}）',
  paidOn: '已于 {date} 付款。谢谢。',
  chargedToCard: '已于 {date} 从存档银行卡扣款。',
  willBeCharged: '将从存档银行卡扣款 {amount}。',
  noBankDetails: '请于 {date} 前支付 {amount}，并注明 {reference}。',
  page: '第 {page} 页，共 {pages} 页',
  continued: '{number}（续）',
  included: '已含',
  subject: '{plan} — {item}',
  period: '{subject}',
  trial: '免费试用 — {subject}',
  usage: '{subject}：用量',
  usageIncluded: '{subject}：用量（含 {included}）',
  unusedTime: '{subject} 未使用时间',
  remainingTime: '{subject} 剩余时间',
  dateRange: '{start} 至 {end}',
  status: { draft: '草稿', open: '待付款', paid: '已付款', void: '已作废', uncollectible: '无法收回', overdue: '已逾期' },
  purpose: {
    purchase: '新订阅',
    renewal: '续订',
    upgrade: '升级',
    downgrade: '降级',
    seats: '席位变更',
    add_ons: '附加项变更',
    billing_period: '计费周期变更',
    change: '订阅变更',
    usage: '用量',
    manual: '发票',
  },
  taxNames: { vat: '增值税', sales_tax: '销售税', gst: '商品及服务税' },
};

/** The words of each printable locale. */
export const PDF_STRINGS: Record<PdfLocale, PdfStrings> = { en, tr, 'zh-CN': zhCN };

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
