import type { CheckoutRefusalStrings } from '../en/checkout-refusals.js';

const checkoutRefusals: CheckoutRefusalStrings = {
  refusedPlanNotAllowed: 'Sipariş verilmedi: şirketinizin satın alma politikası artık bu planı kapsamıyor. Başka bir plan seçin veya şirketinizin bir fatura yöneticisinden planı eklemesini isteyin.',
  refusedContactSales: 'Sipariş verilmedi: bu plan artık yalnızca satış ekibi aracılığıyla satılıyor. Bizden teklif isteyin veya başka bir plan seçin.',
  refusedPlanUnavailable: 'Sipariş verilmedi: bu plan artık bu para biriminde veya fatura döneminde satılmıyor. Planı fiyatlandırma sayfasında yeniden seçin.',
  refusedAddOnUnavailable: 'Sipariş verilmedi: seçtiğiniz bir eklenti artık bu planla satılmıyor. Kaldırın, ardından siparişi yeniden verin.',
  refusedInvoiceNotAllowed: 'Sipariş verilmedi: şirketiniz faturayla ödeyemiyor. Kart seçip yeniden deneyin.',
  refusedInProgress: 'Bu sipariş zaten veriliyor. Biraz bekleyin, yeniden vermeden önce aboneliklerinize bakın.',
  refusedConflict: 'Sipariş verilmedi: şirketinizin bilgileri aynı anda değiştirildi. Siparişi yeniden verin.',
};
export default checkoutRefusals;
