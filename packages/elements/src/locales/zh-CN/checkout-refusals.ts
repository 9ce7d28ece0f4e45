import type { CheckoutRefusalStrings } from '../en/checkout-refusals.js';

const checkoutRefusals: CheckoutRefusalStrings = {
  refusedPlanNotAllowed: '订单未提交：贵公司的采购政策已不再包含此套餐。请选择其他套餐，或请贵公司的账单管理员添加此套餐。',
  refusedContactSales: '订单未提交：此套餐现在仅通过销售渠道出售。请向我们索取报价，或选择其他套餐。',
  refusedPlanUnavailable: '订单未提交：此套餐已不再以该币种或计费周期出售。请在价格页面重新选择套餐。',
  refusedAddOnUnavailable: '订单未提交：您选择的某个附加项已不再随此套餐出售。请移除它，然后重新提交订单。',
  refusedInvoiceNotAllowed: '订单未提交：贵公司不能凭发票付款。请选择“银行卡”后重试。',
  refusedInProgress: '此订单正在提交中。请稍候，并在再次提交前查看您的订阅。',
  refusedConflict: '订单未提交：贵公司的信息在同一时间被修改。请重新提交订单。',
};
export default checkoutRefusals;
