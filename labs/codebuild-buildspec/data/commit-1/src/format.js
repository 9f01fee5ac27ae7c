// Amounts in Vietnamese đồng: a dot between thousands, the symbol after.
export function formatVnd(amount) {
  return `${Math.round(amount).toLocaleString('vi-VN')} ₫`;
}
