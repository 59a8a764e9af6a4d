import { describe, expect, it } from 'vitest'
import { ApiError, codeTexts, errorText, fieldErrors, fieldText } from './errors'

describe('errorText', () => {
  it('speaks Chinese per code', () => {
    expect(errorText(new ApiError(401, { code: 'invalid_credentials', detail: 'wrong district, username or password' })))
      .toBe('区、用户名或密码不正确')
    expect(errorText(new ApiError(412, { code: 'stale_etag' }))).toBe(codeTexts.stale_etag)
  })

  it('fills members of the problem, with labels', () => {
    expect(errorText(new ApiError(429, { code: 'too_many_attempts', retry_after: 30 }))).toBe('登录失败次数过多，请 30 秒后再试')
    expect(errorText(new ApiError(409, { code: 'invalid_transition', current_status: 'verified' })))
      .toBe('隐患当前状态（已验收销号）不能执行此操作，请刷新后再试')
  })

  it('says more when the problem carries a member that has its own text', () => {
    expect(errorText(new ApiError(415, { code: 'not_xlsx', format: 'application/vnd.oasis.opendocument.spreadsheet' })))
      .toContain('请另存为 .xlsx 后再导入')
    expect(errorText(new ApiError(415, { code: 'not_xlsx' }))).toBe('请选择 Excel 文件（.xlsx）')
  })

  it("falls back to the server's message, then to the status", () => {
    expect(errorText(new ApiError(400, { code: 'brand_new_code', detail: '新的说明' }))).toBe('新的说明')
    expect(errorText(new ApiError(403, null))).toBe(codeTexts.forbidden)
    expect(errorText(new ApiError(418, null))).toBe('请求失败（418）')
  })

  it('names the request id of a server error', () => {
    expect(errorText(new ApiError(500, { code: 'internal', request_id: 'abc123' }))).toBe('服务器出错了，请稍后重试（编号 abc123）')
  })

  it('tells a network failure apart', () => {
    const e = new ApiError(0, null)
    expect(e.code).toBe('network_error')
    expect(errorText(e)).toBe(codeTexts.network_error)
  })
})

describe('field errors', () => {
  it('maps server field messages to Chinese beside each field', () => {
    const e = new ApiError(422, {
      code: 'validation_failed',
      fields: [
        { field: 'address', message: 'is required' },
        { field: 'description', message: 'must be at most 2000 long' },
        { field: 'found_on', message: 'cannot be in the future' },
        { field: 'deadline', message: 'must be on or after found_on' },
        { field: 'responsible_phone', message: 'must be a phone number: digits, spaces and dashes' },
        { field: 'odd', message: 'something new' },
        { field: 'address', message: 'second problem of one field' },
      ],
    })
    expect(fieldErrors(e)).toEqual({
      address: '必填',
      description: '最多 2000 个字',
      found_on: '不能晚于今天',
      deadline: '不能早于发现日期',
      responsible_phone: '请填写有效的电话号码（数字、空格或短横线）',
      odd: 'something new',
    })
  })

  it('keeps the date named in a message', () => {
    expect(fieldText({ field: 'deadline', message: 'must be later than the current deadline 2026-12-01' }))
      .toBe('须晚于当前整改期限 2026-12-01')
  })

  it('ignores malformed field entries and non-API errors', () => {
    expect(new ApiError(422, { fields: [{ field: 1 }, 'x', null] }).fields).toEqual([])
    expect(fieldErrors(new Error('x'))).toEqual({})
  })
})

describe('import row problems', () => {
  it('speaks each row problem of a dry run in Chinese', async () => {
    const { rowProblemText } = await import('./errors')
    const t = (message: string) => rowProblemText({ column: '列', message })
    expect(t('must be 一般 or 重大 (general or major)')).toBe('只能填写 一般 或 重大')
    expect(t('no street of this district is named 不存在街')).toBe('本区没有名为“不存在街”的街道')
    expect(t('must be a date, YYYY-MM-DD, from 2000 to 2100 (2026/11/05 and Excel dates also do)'))
      .toBe('日期格式不正确，请填写如 2026-11-05 或 2026/11/05')
    expect(t('must be on or after 发现日期')).toBe('不能早于发现日期')
    expect(t('is required: one of 占压, 老旧管网, 泄漏')).toBe('必填，可选：占压、老旧管网、泄漏')
    expect(t('a company imports its own hazards only: leave it empty or write 甲燃气 (not 乙燃气)'))
      .toBe('只能导入本企业的隐患：请留空或填写“甲燃气”（而不是“乙燃气”）')
    expect(t('is required')).toBe('必填')
  })
})
