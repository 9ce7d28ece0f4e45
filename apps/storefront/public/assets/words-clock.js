// The test clock's words (test mode only: the panel that moves the shop's time) in the five languages the
// widgets speak. `{name}` is filled in by test-clock.js: dates, amounts and invoice numbers in the page's language.

export const CLOCK_WORDS = {
  clockTitle: { en: 'Test clock', 'zh-CN': '测试时钟', ar: 'ساعة الاختبار', hi: 'टेस्ट घड़ी', tr: 'Test saati' },
  clockToday: { en: 'Today in the shop: {date}', 'zh-CN': '商店中的今天：{date}', ar: 'اليوم في المتجر: {date}', hi: 'दुकान में आज: {date}', tr: 'Mağazada bugün: {date}' },
  clockMove: { en: 'Move time forward', 'zh-CN': '让时间前进', ar: 'تقديم الوقت', hi: 'समय आगे बढ़ाएँ', tr: 'Zamanı ileri al' },
  clockP1D: { en: '+1 day', 'zh-CN': '+1 天', ar: '+ يوم', hi: '+1 दिन', tr: '+1 gün' },
  clockP7D: { en: '+1 week', 'zh-CN': '+1 周', ar: '+ أسبوع', hi: '+1 सप्ताह', tr: '+1 hafta' },
  clockP1M: { en: '+1 month', 'zh-CN': '+1 个月', ar: '+ شهر', hi: '+1 महीना', tr: '+1 ay' },
  clockRunning: { en: 'Running the billing engine…', 'zh-CN': '正在运行计费引擎…', ar: 'جارٍ تشغيل محرك الفوترة…', hi: 'बिलिंग इंजन चल रहा है…', tr: 'Faturalama motoru çalışıyor…' },
  clockFailed: { en: 'The clock did not move: {message}', 'zh-CN': '时钟未能前进：{message}', ar: 'لم يتقدّم الوقت: {message}', hi: 'घड़ी आगे नहीं बढ़ी: {message}', tr: 'Saat ilerletilemedi: {message}' },
  clockMoved: { en: 'Moved from {from} to {to}:', 'zh-CN': '已从 {from} 前进到 {to}：', ar: 'تقدّم الوقت من {from} إلى {to}:', hi: '{from} से {to} तक आगे बढ़ाया गया:', tr: '{from} tarihinden {to} tarihine ilerletildi:' },
  clockInvoice: { en: '{kind} {number} for {amount}: {state}.', 'zh-CN': '{kind} {number}，金额 {amount}：{state}。', ar: '{kind} {number} بمبلغ {amount}: {state}.', hi: '{kind} {number}, राशि {amount}: {state}।', tr: '{kind} {number}, tutar {amount}: {state}.' },
  clockRenewalInvoice: { en: 'Renewal invoice', 'zh-CN': '续订发票', ar: 'فاتورة التجديد', hi: 'नवीनीकरण इनवॉइस', tr: 'Yenileme faturası' },
  clockOtherInvoice: { en: 'Invoice', 'zh-CN': '发票', ar: 'الفاتورة', hi: 'इनवॉइस', tr: 'Fatura' },
  clockPaid: { en: 'paid', 'zh-CN': '已支付', ar: 'مدفوعة', hi: 'भुगतान हो गया', tr: 'ödendi' },
  clockOpenDue: { en: 'open, due {date}', 'zh-CN': '待付款，{date} 到期', ar: 'مفتوحة، مستحقة في {date}', hi: 'खुला, देय तिथि {date}', tr: 'açık, son ödeme {date}' },
  clockOpen: { en: 'open', 'zh-CN': '待付款', ar: 'مفتوحة', hi: 'खुला', tr: 'açık' },
  clockCharged: { en: 'Charged {amount} to the card on file{retry}.', 'zh-CN': '已从存档的银行卡扣款 {amount}{retry}。', ar: 'خُصم {amount} من البطاقة المحفوظة{retry}.', hi: 'सहेजे गए कार्ड से {amount} लिए गए{retry}।', tr: 'Kayıtlı karttan {amount} tahsil edildi{retry}.' },
  clockChargedFor: { en: 'Charged {amount} for {number} to the card on file{retry}.', 'zh-CN': '已为 {number} 从存档的银行卡扣款 {amount}{retry}。', ar: 'خُصم {amount} عن {number} من البطاقة المحفوظة{retry}.', hi: '{number} के लिए सहेजे गए कार्ड से {amount} लिए गए{retry}।', tr: '{number} için kayıtlı karttan {amount} tahsil edildi{retry}.' },
  clockRetry: { en: ' (retry {n})', 'zh-CN': '（第 {n} 次重试）', ar: ' (إعادة المحاولة رقم {n})', hi: ' (पुनः प्रयास {n})', tr: ' ({n}. yeniden deneme)' },
  clockDeclined: { en: 'The card was declined{retry}: {reason}.{never}', 'zh-CN': '银行卡被拒{retry}：{reason}。{never}', ar: 'رُفضت البطاقة{retry}: {reason}.{never}', hi: 'कार्ड अस्वीकार हो गया{retry}: {reason}।{never}', tr: 'Kart reddedildi{retry}: {reason}.{never}' },
  clockDeclinedFor: { en: 'The card was declined for {number}{retry}: {reason}.{never}', 'zh-CN': '{number} 的付款被银行卡拒绝{retry}：{reason}。{never}', ar: 'رُفضت البطاقة عند دفع {number}{retry}: {reason}.{never}', hi: '{number} के लिए कार्ड अस्वीकार हो गया{retry}: {reason}।{never}', tr: '{number} için kart reddedildi{retry}: {reason}.{never}' },
  clockNoRetry: { en: ' It will not be retried.', 'zh-CN': '不会再重试。', ar: ' لن تُعاد المحاولة.', hi: ' इसे दोबारा नहीं आज़माया जाएगा।', tr: ' Yeniden denenmeyecek.' },
  clockConfirm: { en: 'The bank asks the buyer to confirm {amount}.', 'zh-CN': '银行要求买家确认 {amount} 的付款。', ar: 'يطلب البنك من المشتري تأكيد دفع {amount}.', hi: 'बैंक खरीदार से {amount} की पुष्टि करने को कह रहा है।', tr: 'Banka, alıcıdan {amount} tutarını onaylamasını istiyor.' },
  clockConfirmFor: { en: 'The bank asks the buyer to confirm {amount} for {number}.', 'zh-CN': '银行要求买家确认 {number} 的 {amount} 付款。', ar: 'يطلب البنك من المشتري تأكيد دفع {amount} عن {number}.', hi: 'बैंक खरीदार से {number} के लिए {amount} की पुष्टि करने को कह रहा है।', tr: 'Banka, alıcıdan {number} için {amount} tutarını onaylamasını istiyor.' },
  // The arrow points the way the sentence reads: right to left in Arabic.
  clockStatusChange: { en: 'Subscription {from} → {to}.', 'zh-CN': '订阅：{from} → {to}。', ar: 'الاشتراك: {from} ← {to}.', hi: 'सदस्यता: {from} → {to}।', tr: 'Abonelik: {from} → {to}.' },
  clockNothing: { en: 'Nothing was due for your company.', 'zh-CN': '贵公司没有到期的款项。', ar: 'لم يكن على شركتك أي مبلغ مستحق.', hi: 'आपकी कंपनी का कुछ भी देय नहीं था।', tr: 'Şirketinizin vadesi gelen bir ödemesi yoktu.' },
  clockElsewhere: { en: '{n} more for other companies.', 'zh-CN': '其他公司另有 {n} 项。', ar: 'أحداث أخرى لشركات أخرى: {n}.', hi: 'अन्य कंपनियों के लिए {n} और।', tr: 'Diğer şirketler için {n} olay daha.' },

  // A subscription's status, as the panel's status lines name it.
  clockStatus_active: { en: 'active', 'zh-CN': '生效中', ar: 'نشط', hi: 'सक्रिय', tr: 'etkin' },
  clockStatus_trialing: { en: 'in trial', 'zh-CN': '试用中', ar: 'في الفترة التجريبية', hi: 'ट्रायल में', tr: 'deneme süresinde' },
  clockStatus_past_due: { en: 'past due', 'zh-CN': '逾期', ar: 'متأخر السداد', hi: 'बकाया', tr: 'vadesi geçmiş' },
  clockStatus_unpaid: { en: 'unpaid', 'zh-CN': '未支付', ar: 'غير مدفوع', hi: 'अवैतनिक', tr: 'ödenmemiş' },
  clockStatus_canceled: { en: 'canceled', 'zh-CN': '已取消', ar: 'ملغى', hi: 'रद्द', tr: 'iptal edildi' },
  clockStatus_paused: { en: 'paused', 'zh-CN': '已暂停', ar: 'متوقف مؤقتًا', hi: 'रुका हुआ', tr: 'duraklatıldı' },
  clockStatus_incomplete: { en: 'incomplete', 'zh-CN': '未完成', ar: 'غير مكتمل', hi: 'अधूरा', tr: 'tamamlanmamış' },

  // The bank's reason for a decline (the processor's decline code); any other code reads as `clockDecline_generic_decline`.
  clockDecline_generic_decline: { en: 'the bank gave no reason', 'zh-CN': '银行未说明原因', ar: 'لم يذكر البنك سببًا', hi: 'बैंक ने कोई कारण नहीं बताया', tr: 'banka bir neden belirtmedi' },
  clockDecline_insufficient_funds: { en: 'insufficient funds', 'zh-CN': '余额不足', ar: 'رصيد غير كافٍ', hi: 'अपर्याप्त राशि', tr: 'yetersiz bakiye' },
  clockDecline_lost_card: { en: 'the card was reported lost', 'zh-CN': '卡片已挂失', ar: 'أُبلغ عن فقدان البطاقة', hi: 'कार्ड खोया हुआ बताया गया है', tr: 'kart kayıp olarak bildirilmiş' },
  clockDecline_stolen_card: { en: 'the card was reported stolen', 'zh-CN': '卡片已报失窃', ar: 'أُبلغ عن سرقة البطاقة', hi: 'कार्ड चोरी हुआ बताया गया है', tr: 'kart çalıntı olarak bildirilmiş' },
  clockDecline_expired_card: { en: 'the card has expired', 'zh-CN': '卡片已过期', ar: 'انتهت صلاحية البطاقة', hi: 'कार्ड की अवधि समाप्त हो गई है', tr: 'kartın süresi dolmuş' },
  clockDecline_fraudulent: { en: 'suspected fraud', 'zh-CN': '疑似欺诈', ar: 'اشتباه في احتيال', hi: 'धोखाधड़ी का संदेह', tr: 'dolandırıcılık şüphesi' },
  clockDecline_processing_error: { en: 'a processing error', 'zh-CN': '处理出错', ar: 'خطأ في المعالجة', hi: 'प्रोसेसिंग में त्रुटि', tr: 'bir işlem hatası' },
  clockDecline_superseded: { en: 'a newer attempt replaced it', 'zh-CN': '已被新的付款尝试取代', ar: 'حلّت محلها محاولة أحدث', hi: 'इसकी जगह एक नए प्रयास ने ले ली', tr: 'yerini daha yeni bir deneme aldı' },
  clockDecline_authentication_required: { en: 'the bank asks for authentication', 'zh-CN': '银行要求验证', ar: 'يطلب البنك التحقق', hi: 'बैंक प्रमाणीकरण माँग रहा है', tr: 'banka kimlik doğrulaması istiyor' },
};
