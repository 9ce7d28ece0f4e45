// The demo catalog's texts in the other four languages subkit speaks (English is the catalog's own), as
// POST /v1/catalog/texts would write them: each text as [zh-CN, ar, hi, tr].
import type { AddOnTexts, CatalogTextsWrite, NamedTexts, PlanTexts, PriceItemTexts, UnitForms } from '@subkit/core';
import { DEMO_IDS } from './demo-ids.js';

const LOCALES = ['zh-CN', 'ar', 'hi', 'tr'] as const;
type Four<T> = readonly [T, T, T, T];

/** A unit's labels: alone ("per seat"), several without a count ("Number of seats"), and counted by plural category. */
type Unit = Pick<PriceItemTexts, 'unitLabel' | 'unitLabelPlural' | 'unitLabels'>;

const unit = (unitLabel: string, unitLabelPlural: string, unitLabels: UnitForms): Unit => ({ unitLabel, unitLabelPlural, unitLabels });
/** Arabic counts: 3–10 take the plural ("٣ مقاعد"), 11–99 the singular accusative ("١١ مقعدًا"), the rest the singular. */
const arabic = (singular: string, plural: string, definitePlural: string, accusative: string): Unit =>
  unit(singular, definitePlural, { zero: singular, one: singular, two: singular, few: plural, many: accusative, other: singular });
const same = (label: string, plural = label): Unit => unit(label, plural, { one: label, other: label });

const UNITS = {
  seat: [unit('席位', '席位', { other: '个席位' }), arabic('مقعد', 'مقاعد', 'المقاعد', 'مقعدًا'), unit('सीट', 'सीटों', { one: 'सीट', other: 'सीटें' }), same('kullanıcı')],
  vehicle: [unit('车辆', '车辆', { other: '辆车' }), arabic('مركبة', 'مركبات', 'المركبات', 'مركبةً'), same('वाहन', 'वाहनों'), same('araç')],
  hour: [unit('小时', '小时', { other: '小时' }), arabic('ساعة', 'ساعات', 'الساعات', 'ساعةً'), unit('घंटा', 'घंटों', { one: 'घंटा', other: 'घंटे' }), same('saat')],
  case: [unit('箱', '箱', { other: '箱' }), arabic('صندوق', 'صناديق', 'الصناديق', 'صندوقًا'), same('केस', 'केसों'), same('koli')],
  casePerMonth: [
    unit('箱/月', '每月箱', { other: '箱/月' }),
    arabic('صندوق شهريًا', 'صناديق شهريًا', 'الصناديق الشهرية', 'صندوقًا شهريًا'),
    same('केस प्रति माह', 'मासिक केसों'),
    same('koli/ay', 'aylık koli'),
  ],
  gb: [same('GB'), unit('غيغابايت', 'غيغابايت', { other: 'غيغابايت' }), same('GB'), same('GB')],
} satisfies Record<string, Four<Unit>>;

const named = (name: Four<string>, description?: Four<string>): Four<NamedTexts> =>
  [0, 1, 2, 3].map((i) => ({ name: name[i]!, ...(description ? { description: description[i]! } : {}) })) as unknown as Four<NamedTexts>;

const PRODUCTS: Record<string, Four<NamedTexts>> = {
  [DEMO_IDS.products.consumables]: named(['耗材补给', 'تجديد المستهلكات', 'उपभोग्य सामग्री की पूर्ति', 'Sarf Malzemesi İkmali'], [
    '手套、擦拭布、吸附材料和切削液，在您用完之前送达。订量越大，每箱越便宜。',
    'قفازات ومناديل ومواد ماصة وسائل قطع تصلك قبل أن تنفد. كلما كبر الطلب قلّ سعر الصندوق.',
    'दस्ताने, वाइप्स, अवशोषक और कटिंग फ़्लूइड, ख़त्म होने से पहले पहुँचाए जाते हैं। बड़े ऑर्डर पर प्रति केस कम दाम।',
    'Eldiven, temizlik mendili, emici malzeme ve kesme sıvısı, bitmeden teslim edilir. Büyük siparişlerde koli başına fiyat düşer.',
  ]),
  [DEMO_IDS.products.fleet]: named(['车队维护', 'صيانة الأسطول', 'फ़्लीट रखरखाव', 'Filo Bakımı'], [
    '叉车和送货车的预防性维护，按车辆计价，包含现场服务工时。',
    'صيانة وقائية للرافعات الشوكية وشاحنات التوصيل، بسعر لكل مركبة، مع ساعات خدمة ميدانية مشمولة.',
    'फ़ोर्कलिफ़्ट और डिलीवरी वैन का निवारक रखरखाव, प्रति वाहन मूल्य, साइट पर सेवा घंटे शामिल।',
    'Forkliftler ve teslimat kamyonetleri için önleyici bakım; araç başına fiyatlandırılır, yerinde servis saatleri dahildir.',
  ]),
  [DEMO_IDS.products.portal]: named(['服务门户', 'بوابة الخدمة', 'सेवा पोर्टल', 'Servis Portalı'], [
    '工单、零件订购和维护记录，整个团队共用一个门户。',
    'أوامر العمل وطلب قطع الغيار وسجل الصيانة لفريقك كله في بوابة واحدة.',
    'वर्क ऑर्डर, पुर्ज़ों का ऑर्डर और रखरखाव इतिहास, आपकी पूरी टीम के लिए एक ही पोर्टल में।',
    'İş emirleri, parça siparişi ve bakım geçmişi; tüm ekibiniz için tek bir portalda.',
  ]),
};

const FEATURES: Record<string, Four<NamedTexts>> = {
  feat_consumables_catalog: named(['完整耗材目录', 'كتالوج المستهلكات الكامل', 'पूरा उपभोग्य कैटलॉग', 'Eksiksiz sarf malzemesi kataloğu'], [
    '超过 1,200 个 SKU，每期可更换商品',
    'أكثر من 1200 صنف، مع إمكانية تبديل الأصناف في أي فترة',
    '1,200 से अधिक SKU, हर अवधि में आइटम बदलें',
    "1.200'den fazla ürün, her dönem ürün değiştirebilirsiniz",
  ]),
  feat_consumables_stockout: named(['断货保障', 'ضمان عدم نفاد المخزون', 'स्टॉक ख़त्म न होने की गारंटी', 'Stok tükenmeme garantisi'], [
    '如我们延误，免费加急配送',
    'توصيل سريع مجاني إذا تأخرنا',
    'देरी होने पर मुफ़्त एक्सप्रेस डिलीवरी',
    'Geç kalırsak ücretsiz ekspres teslimat',
  ]),
  feat_fleet_preventive: named(['预防性维护计划', 'جدول الصيانة الوقائية', 'निवारक रखरखाव कार्यक्रम', 'Önleyici bakım planı']),
  feat_fleet_hours: named(['包含现场服务工时', 'ساعات الخدمة الميدانية المشمولة', 'शामिल ऑन-साइट सेवा घंटे', 'Dahil yerinde servis saatleri']),
  feat_fleet_breakdown: named(['故障响应时间', 'زمن الاستجابة للأعطال', 'ख़राबी पर प्रतिक्रिया समय', 'Arıza müdahale süresi']),
  feat_portal_work_orders: named(['工单与维护记录', 'أوامر العمل وسجل الصيانة', 'वर्क ऑर्डर और रखरखाव इतिहास', 'İş emirleri ve bakım geçmişi']),
  feat_portal_parts: named(['零件目录集成', 'التكامل مع كتالوج قطع الغيار', 'पुर्ज़ा कैटलॉग एकीकरण', 'Parça kataloğu entegrasyonu']),
  feat_portal_api: named(['REST API 访问', 'الوصول إلى واجهة REST API', 'REST API एक्सेस', 'REST API erişimi']),
  feat_portal_audit: named(['审计日志保留期', 'مدة الاحتفاظ بسجل التدقيق', 'ऑडिट लॉग अवधि', 'Denetim kaydı saklama süresi']),
  feat_portal_sso: named(['单点登录（SAML）', 'تسجيل الدخول الموحد (SAML)', 'सिंगल साइन-ऑन (SAML)', 'Çoklu oturum açma (SAML)']),
  feat_portal_csm: named(['专属客户成功经理', 'مدير نجاح عملاء مخصص', 'समर्पित ग्राहक सफलता प्रबंधक', 'Size özel müşteri başarı yöneticisi']),
  feat_portal_support: named(['支持', 'الدعم', 'सहायता', 'Destek']),
};

/** A price item's description in the four languages, with its unit's labels when it counts units. */
const item = (description: Four<string>, units?: Four<Unit>): Four<PriceItemTexts> =>
  [0, 1, 2, 3].map((i) => ({ description: description[i]!, ...units?.[i] })) as unknown as Four<PriceItemTexts>;

const SEATS = item(['席位', 'المقاعد', 'सीटें', 'Kullanıcılar'], UNITS.seat);
const PLATFORM_FEE = item(['平台费', 'رسوم المنصة', 'प्लेटफ़ॉर्म शुल्क', 'Platform ücreti']);
const values = (rows: Record<string, Four<string>>) => rows;

interface PlanSeedTexts {
  texts: Four<NamedTexts>;
  quantity?: Four<Unit>;
  features?: Record<string, Four<string>>;
  items?: Record<string, Four<PriceItemTexts>>;
}

const PORTAL_ITEMS = { platform_fee: PLATFORM_FEE, seats: SEATS };

const PLANS: Record<string, PlanSeedTexts> = {
  [DEMO_IDS.plans.consumables]: {
    texts: named(['补给', 'التجديد', 'पूर्ति', 'İkmal'], [
      '选择每月用量（箱）；按月配送，或按季度一次配送，每箱便宜 5%。',
      'اختر عدد الصناديق التي تستهلكها شهريًا؛ توصيل شهري، أو ربع سنوي دفعة واحدة بسعر أقل بنسبة 5% للصندوق.',
      'चुनें कि आप हर महीने कितने केस उपयोग करते हैं; हर महीने डिलीवरी, या तिमाही में एक बार, प्रति केस 5% कम दाम पर।',
      'Ayda kaç koli kullandığınızı seçin; aylık teslimat ya da koli başına %5 daha ucuza üç ayda bir toplu teslimat.',
    ]),
    quantity: UNITS.casePerMonth,
    items: {
      cases: item(['耗材箱', 'صناديق المستهلكات', 'उपभोग्य केस', 'Sarf malzemesi kolileri'], UNITS.case),
      delivery: item(['配送与处理', 'التوصيل والمناولة', 'डिलीवरी और हैंडलिंग', 'Teslimat ve elleçleme']),
    },
  },
  [DEMO_IDS.plans.fleetCare]: {
    texts: named(['车队关怀', 'رعاية الأسطول', 'फ़्लीट केयर', 'Filo Bakım'], [
      '按车辆维护：车辆越多，每增加一辆越便宜。额外服务工时按实际使用计费。',
      'صيانة لكل مركبة: كلما زاد عدد المركبات انخفض سعر كل مركبة إضافية. تُحتسب ساعات الخدمة الإضافية حسب الاستخدام.',
      'प्रति वाहन रखरखाव: जितने ज़्यादा वाहन, हर अतिरिक्त वाहन का दाम उतना कम। अतिरिक्त सेवा घंटों का बिल उपयोग के अनुसार।',
      'Araç başına bakım: araç sayısı arttıkça her ek aracın fiyatı düşer. Ek servis saatleri kullanıldıkça faturalandırılır.',
    ]),
    quantity: UNITS.vehicle,
    features: values({
      feat_fleet_hours: ['每月 10 小时', '10 ساعات شهريًا', '10 घंटे / माह', 'Ayda 10 saat'],
      feat_fleet_breakdown: ['4 小时', '4 ساعات', '4 घंटे', '4 saat'],
    }),
    items: {
      vehicles: item(['维护中的车辆', 'المركبات المشمولة بالصيانة', 'रखरखाव में वाहन', 'Bakımdaki araçlar'], UNITS.vehicle),
      service_hours: item(['现场服务工时', 'ساعات الخدمة الميدانية', 'ऑन-साइट सेवा घंटे', 'Yerinde servis saatleri'], UNITS.hour),
    },
  },
  [DEMO_IDS.plans.starter]: {
    texts: named(['入门版', 'المبتدئة', 'स्टार्टर', 'Başlangıç'], [
      '适合刚开始使用数字化工单的单个站点。',
      'لموقع واحد يبدأ العمل بأوامر العمل الرقمية.',
      'डिजिटल वर्क ऑर्डर शुरू कर रही एक साइट के लिए।',
      'Dijital iş emirlerine başlayan tek bir tesis için.',
    ]),
    quantity: UNITS.seat,
    features: values({
      feat_portal_audit: ['30 天', '30 يومًا', '30 दिन', '30 gün'],
      feat_portal_support: ['电子邮件', 'البريد الإلكتروني', 'ईमेल', 'E-posta'],
    }),
    items: PORTAL_ITEMS,
  },
  [DEMO_IDS.plans.growth]: {
    texts: named(['成长版', 'النمو', 'ग्रोथ', 'Büyüme'], [
      '适合多站点运营：零件订购、API，以及可作为附加项的 SSO。',
      'للعمليات متعددة المواقع: طلب قطع الغيار وواجهة API وتسجيل الدخول الموحد كإضافة.',
      'कई साइटों वाले संचालन के लिए: पुर्ज़ों का ऑर्डर, API, और ऐड-ऑन के रूप में SSO।',
      'Çok tesisli işletmeler için: parça siparişi, API ve eklenti olarak SSO.',
    ]),
    quantity: UNITS.seat,
    features: values({
      feat_portal_audit: ['1 年', 'سنة واحدة', '1 वर्ष', '1 yıl'],
      feat_portal_sso: ['附加项', 'إضافة', 'ऐड-ऑन', 'Eklenti'],
      feat_portal_support: ['电子邮件和在线聊天', 'البريد الإلكتروني والدردشة', 'ईमेल और चैट', 'E-posta ve sohbet'],
    }),
    items: PORTAL_ITEMS,
  },
  [DEMO_IDS.plans.enterprise]: {
    texts: named(['企业版', 'المؤسسات', 'एंटरप्राइज़', 'Kurumsal'], [
      '不限站点、定制合同、在您的 ERP 中开票。请联系我们的销售团队。',
      'مواقع غير محدودة وعقود مخصصة وفوترة في نظام ERP لديك. تحدث إلى فريق المبيعات.',
      'असीमित साइटें, कस्टम अनुबंध, आपके ERP में इनवॉइसिंग। हमारी बिक्री टीम से बात करें।',
      "Sınırsız tesis, özel sözleşmeler, ERP'nizde faturalama. Satış ekibimizle görüşün.",
    ]),
    features: values({
      feat_portal_audit: ['无限期', 'غير محدودة', 'असीमित', 'Sınırsız'],
      feat_portal_support: ['7×24 电话', 'هاتف على مدار الساعة', '24/7 फ़ोन', '7/24 telefon'],
    }),
    // Its quotes' price items (the demo quote's platform fee and seats) read like the other portal plans'.
    items: PORTAL_ITEMS,
  },
};

const ADD_ONS: Record<string, { texts: Four<NamedTexts>; units?: Four<Unit> }> = {
  [DEMO_IDS.addOns.prioritySupport]: {
    texts: named(['优先支持', 'دعم ذو أولوية', 'प्राथमिकता सहायता', 'Öncelikli destek'], [
      '7×24 电话支持，一小时内首次响应。',
      'أول رد خلال ساعة، على مدار الساعة، عبر الهاتف.',
      'फ़ोन पर 24/7, एक घंटे में पहली प्रतिक्रिया।',
      'Telefonla 7/24, bir saat içinde ilk yanıt.',
    ]),
  },
  [DEMO_IDS.addOns.sso]: {
    texts: named(['单点登录', 'تسجيل الدخول الموحد', 'SSO', 'SSO'], [
      '通过您的身份提供商进行 SAML 单点登录，按席位计费。',
      'تسجيل دخول موحد عبر SAML مع مزوّد الهوية لديك، لكل مقعد.',
      'आपके पहचान प्रदाता के साथ SAML सिंगल साइन-ऑन, प्रति सीट।',
      'Kimlik sağlayıcınızla SAML çoklu oturum açma, kullanıcı başına.',
    ]),
  },
  [DEMO_IDS.addOns.extraStorage]: {
    texts: named(['额外存储', 'مساحة تخزين إضافية', 'अतिरिक्त स्टोरेज', 'Ek depolama'], [
      '用于图纸、照片和手册的空间，以 10 GB 为单位出售。',
      'مساحة للرسومات والصور والأدلة، تُباع في كتل من 10 غيغابايت.',
      'ड्रॉइंग, फ़ोटो और मैनुअल के लिए जगह, 10 GB के ब्लॉक में।',
      "Çizimler, fotoğraflar ve kılavuzlar için alan; 10 GB'lık bloklar halinde.",
    ]),
    units: UNITS.gb,
  },
  [DEMO_IDS.addOns.roadside]: {
    texts: named(['道路救援', 'المساعدة على الطريق', 'सड़क किनारे सहायता', 'Yol yardımı'], [
      '为计划内每辆车提供拖车和道路维修。',
      'سحب وإصلاحات على الطريق لكل مركبة في الخطة.',
      'योजना के हर वाहन के लिए टोइंग और सड़क पर मरम्मत।',
      'Plandaki her araç için çekici ve yolda onarım.',
    ]),
  },
};

const pick = <T>(map: Record<string, Four<T>>, i: number): Record<string, T> => Object.fromEntries(Object.entries(map).map(([id, four]) => [id, four[i]!]));

/** The demo catalog's texts, one write per language (zh-CN, ar, hi, tr). */
export function demoCatalogTexts(): CatalogTextsWrite[] {
  return LOCALES.map((locale, i) => ({
    locale,
    products: pick(PRODUCTS, i),
    features: pick(FEATURES, i),
    plans: Object.fromEntries(
      Object.entries(PLANS).map(([id, p]): [string, PlanTexts] => [
        id,
        {
          ...p.texts[i]!,
          ...(p.quantity ? { quantity: p.quantity[i]! } : {}),
          ...(p.features ? { features: pick(p.features, i) } : {}),
          ...(p.items ? { items: pick(p.items, i) } : {}),
        },
      ]),
    ),
    addOns: Object.fromEntries(Object.entries(ADD_ONS).map(([id, a]): [string, AddOnTexts] => [id, { ...a.texts[i]!, ...a.units?.[i] }])),
  }));
}
