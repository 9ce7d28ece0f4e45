import type { CheckoutApprovalStrings } from '../en/checkout-approval.js';

const checkoutApproval: CheckoutApprovalStrings = {
  approvalTitle: 'الموافقة مطلوبة',
  approvalOverDueNow: 'المستحق اليوم من هذا الطلب {amount}، وهو أعلى من الحد الذي وضعته شركتك وهو {limit}: يوافق عليه مسؤول الفوترة في شركتك قبل تنفيذه.',
  approvalOverYearly: 'يضيف هذا الطلب {amount} في السنة، وهو أعلى من الحد الذي وضعته شركتك وهو {limit}: يوافق عليه مسؤول الفوترة في شركتك قبل تنفيذه.',
  approvalRole: 'تشترط سياسة المشتريات في شركتك موافقة مسؤول الفوترة على مشترياتك قبل تنفيذها.',
  approvalTotal: 'الإجمالي الدقيق المستحق اليوم',
  approvalCard: 'لن يُخصم أي مبلغ الآن: تُخصم البطاقة الافتراضية لشركتك بعد موافقة مسؤول الفوترة.',
  approvalNote: 'ملاحظة لمن يوافق (اختياري)',
  submitForApproval: 'إرسال للموافقة',
  submittingForApproval: 'جارٍ الإرسال…',
  requestSentTitle: 'أُرسل الطلب للموافقة',
  requestSent: 'طلبك لشراء {plan} (المستحق اليوم {amount}) بانتظار موافقة مسؤول الفوترة في شركتك. تنتهي صلاحيته في {date}.',
  requestSentOutcome: 'ستجد نتيجة الطلب في قسم الموافقات.',
  requestSentPo: 'رقم أمر الشراء: {po}',
  planNotAllowed: 'لا تشمل سياسة المشتريات في شركتك هذه الخطة. اختر خطة أخرى، أو اطلب من مسؤول الفوترة في شركتك إضافتها.',
  approvalAtSubmit: 'لم يُشترَ شيء: منذ تسعير هذا الطلب أصبح بحاجة إلى موافقة مسؤول الفوترة. كل ما أدخلته محفوظ — أرسله للموافقة.',
};
export default checkoutApproval;
