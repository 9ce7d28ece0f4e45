import type { CommonStrings } from '../en/common.js';

/** العربية: نصوص مشتركة بين كل المكوّنات. */
export const common: CommonStrings = {
  retry: 'إعادة المحاولة',
  errorNetwork: 'تعذّر الوصول إلى خدمة الفوترة. تحقّق من اتصالك وأعد المحاولة.',
  errorAuth: 'انتهت جلستك. سجّل الدخول مرة أخرى للمتابعة.',
  errorPermission: 'دورك لا يسمح بذلك. اطلب من مسؤول الفوترة في شركتك.',
  errorBusy: 'خدمة الفوترة مشغولة. أعد المحاولة بعد قليل.',
  errorGeneric: 'حدث خطأ ما. أعد المحاولة.',
};
