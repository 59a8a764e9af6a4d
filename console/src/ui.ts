// Messages and confirmations shown from scripts (templates get their
// components through the resolver; these are imported with their CSS).
import { ElMessage, ElMessageBox } from 'element-plus/es'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import { errorText } from './lib/errors'

export function toastOK(text: string) {
  ElMessage({ message: text, type: 'success', grouping: true })
}

export function toastError(err: unknown) {
  ElMessage({ message: errorText(err), type: 'error', grouping: true, duration: 5000 })
}

/** Asks before an action; resolves true when confirmed. */
export async function confirm(text: string, title = '请确认', ok = '确定'): Promise<boolean> {
  try {
    await ElMessageBox.confirm(text, title, { confirmButtonText: ok, cancelButtonText: '取消', type: 'warning' })
    return true
  } catch {
    return false
  }
}
