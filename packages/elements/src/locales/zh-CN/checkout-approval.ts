import type { CheckoutApprovalStrings } from '../en/checkout-approval.js';

const checkoutApproval: CheckoutApprovalStrings = {
  approvalTitle: '需要审批',
  approvalOverDueNow: '此订单今日应付 {amount}，超过贵公司 {limit} 的限额：须经贵公司的账单管理员批准后才会下单。',
  approvalOverYearly: '此订单每年增加 {amount}，超过贵公司 {limit} 的限额：须经贵公司的账单管理员批准后才会下单。',
  approvalRole: '根据贵公司的采购政策，您的采购须经账单管理员批准后才会下单。',
  approvalTotal: '今日应付的准确总额',
  approvalCard: '现在不会扣款：账单管理员批准后，将从贵公司的默认银行卡扣款。',
  approvalNote: '给审批人的备注（可选）',
  submitForApproval: '提交审批',
  submittingForApproval: '正在发送…',
  requestSentTitle: '已提交审批',
  requestSent: '您购买 {plan} 的申请（今日应付 {amount}）正在等待贵公司的账单管理员审批，将于 {date} 过期。',
  requestSentOutcome: '审批结果会显示在“审批”中。',
  requestSentPo: '采购订单号：{po}',
  planNotAllowed: '贵公司的采购政策不包含此套餐。请选择其他套餐，或请贵公司的账单管理员添加此套餐。',
  approvalAtSubmit: '未进行任何购买：此订单在报价后变为须经账单管理员批准。您填写的内容均已保留——请提交审批。',
};
export default checkoutApproval;
