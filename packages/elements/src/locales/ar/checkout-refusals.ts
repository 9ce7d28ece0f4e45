import type { CheckoutRefusalStrings } from '../en/checkout-refusals.js';

const checkoutRefusals: CheckoutRefusalStrings = {
  refusedPlanNotAllowed: 'لم يُنفَّذ الطلب: لم تعد سياسة المشتريات في شركتك تشمل هذه الخطة. اختر خطة أخرى، أو اطلب من مسؤول الفوترة في شركتك إضافتها.',
  refusedContactSales: 'لم يُنفَّذ الطلب: أصبحت هذه الخطة تُباع عبر فريق المبيعات فقط. اطلب منّا عرض سعر، أو اختر خطة أخرى.',
  refusedPlanUnavailable: 'لم يُنفَّذ الطلب: لم تعد هذه الخطة تُباع بهذه العملة أو بفترة الفوترة هذه. اختر الخطة من جديد في صفحة الأسعار.',
  refusedAddOnUnavailable: 'لم يُنفَّذ الطلب: إحدى الإضافات التي اخترتها لم تعد تُباع مع هذه الخطة. أزلها ثم أرسل الطلب من جديد.',
  refusedInvoiceNotAllowed: 'لم يُنفَّذ الطلب: لا يمكن لشركتك الدفع بالفاتورة. اختر البطاقة وحاول مرة أخرى.',
  refusedInProgress: 'هذا الطلب قيد التنفيذ بالفعل. انتظر قليلًا، ثم راجع اشتراكاتك قبل إرساله مرة أخرى.',
  refusedConflict: 'لم يُنفَّذ الطلب: تغيّرت بيانات شركتك في اللحظة نفسها. أرسل الطلب من جديد.',
};
export default checkoutRefusals;
