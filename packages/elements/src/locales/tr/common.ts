import type { CommonStrings } from '../en/common.js';

/** Türkçe: tüm bileşenlerin ortak metinleri. */
export const common: CommonStrings = {
  retry: 'Tekrar dene',
  errorNetwork: 'Faturalandırma hizmetine ulaşılamadı. Bağlantınızı kontrol edip tekrar deneyin.',
  errorAuth: 'Oturumunuz sona erdi. Devam etmek için yeniden giriş yapın.',
  errorPermission: 'Rolünüz buna izin vermiyor. Şirketinizin fatura yöneticisine başvurun.',
  errorBusy: 'Faturalandırma hizmeti meşgul. Biraz sonra tekrar deneyin.',
  errorGeneric: 'Bir şeyler ters gitti. Tekrar deneyin.',
};
