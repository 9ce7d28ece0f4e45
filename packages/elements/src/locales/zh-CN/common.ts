import type { CommonStrings } from '../en/common.js';

/** 简体中文：所有组件共用的文案。 */
export const common: CommonStrings = {
  retry: '重试',
  errorNetwork: '无法连接计费服务。请检查网络后重试。',
  errorAuth: '您的会话已结束。请重新登录后继续。',
  errorPermission: '您的角色无权执行此操作。请联系贵公司的账单管理员。',
  errorBusy: '计费服务繁忙，请稍后重试。',
  errorGeneric: '出现问题，请重试。',
};
