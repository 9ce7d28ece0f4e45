import type { CheckoutApprovalStrings } from '../en/checkout-approval.js';

const checkoutApproval: CheckoutApprovalStrings = {
  approvalTitle: 'Onay gerekli',
  approvalOverDueNow: 'Bu siparişte bugün ödenecek tutar {amount}; şirketinizin {limit} sınırının üzerinde: sipariş verilmeden önce şirketinizin bir fatura yöneticisi onaylar.',
  approvalOverYearly: 'Bu sipariş yılda {amount} ekliyor; şirketinizin {limit} sınırının üzerinde: sipariş verilmeden önce şirketinizin bir fatura yöneticisi onaylar.',
  approvalRole: 'Şirketinizin satın alma politikası, satın alımlarınızın verilmeden önce bir fatura yöneticisi tarafından onaylanmasını istiyor.',
  approvalTotal: 'Bugün ödenecek kesin toplam',
  approvalCard: 'Şimdi ödeme alınmaz: bir fatura yöneticisi onayladığında şirketinizin varsayılan kartından tahsil edilir.',
  approvalNote: 'Onaylayan kişiye not (isteğe bağlı)',
  submitForApproval: 'Onaya gönder',
  submittingForApproval: 'Gönderiliyor…',
  requestSentTitle: 'Onaya gönderildi',
  requestSent: '{plan} için talebiniz (bugün ödenecek {amount}) şirketinizin bir fatura yöneticisini bekliyor. Talebin süresi {date} tarihinde dolar.',
  requestSentOutcome: 'Sonucu Onaylar bölümünde göreceksiniz.',
  requestSentPo: 'Satın alma siparişi no.: {po}',
  planNotAllowed: 'Şirketinizin satın alma politikası bu planı kapsamıyor. Başka bir plan seçin veya şirketinizin bir fatura yöneticisinden planı eklemesini isteyin.',
  approvalAtSubmit: 'Hiçbir şey satın alınmadı: bu sipariş fiyatlandırıldıktan sonra bir fatura yöneticisinin onayını gerektirir hale geldi. Girdiğiniz her şey korundu — onaya gönderin.',
};
export default checkoutApproval;
