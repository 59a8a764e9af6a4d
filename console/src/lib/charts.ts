// The dashboard's charts as ECharts options, built from ledger summary rows:
// plain data, so they are tested without a canvas. The chart component
// (components/bureau/SummaryChart.vue) only draws them.
import { hazardStatus } from './labels'
import { groupName, percent, type RowCounts } from './bureau'

export interface SummaryRowLike extends RowCounts {
  key: string
  name: string
}

const statusOrder = ['reported', 'rectifying', 'rectified', 'verified'] as const
export const statusColors: Record<(typeof statusOrder)[number], string> = {
  reported: '#909399',
  rectifying: '#409eff',
  rectified: '#e6a23c',
  verified: '#67c23a',
}

/** Rows shown in a bar chart: the largest `max`, the rest summed as "其他". */
export function topRows(rows: SummaryRowLike[], max: number): SummaryRowLike[] {
  const sorted = [...rows].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'))
  if (sorted.length <= max) return sorted
  const rest = sorted.slice(max - 1)
  const other: SummaryRowLike = {
    key: 'other', name: `其他 ${rest.length} 个`, total: 0, overdue: 0, major_open: 0, rectification_rate: 0,
    by_status: { reported: 0, rectifying: 0, rectified: 0, verified: 0 },
  }
  for (const r of rest) {
    other.total += r.total
    other.overdue += r.overdue
    other.major_open += r.major_open
    for (const s of statusOrder) other.by_status[s] += r.by_status[s]
  }
  other.rectification_rate = other.total ? other.by_status.verified / other.total : 0
  return [...sorted.slice(0, max - 1), other]
}

/** Shortens a long name for an axis label (the tooltip has it whole). */
export function shortName(name: string, max = 10): string {
  const chars = [...name]
  return chars.length <= max ? name : chars.slice(0, max - 1).join('') + '…'
}

/** A tooltip line of a group: its name, counts by status, overdue and rate. */
export function groupTooltip(groupBy: string, r: SummaryRowLike): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  const lines = [`<strong>${esc(groupName(groupBy, r))}</strong>`, `隐患 ${r.total} 条，整改率 ${percent(r.rectification_rate)}`]
  for (const s of statusOrder) lines.push(`${hazardStatus.label(s)}：${r.by_status[s]}`)
  lines.push(`逾期：${r.overdue}　重大未销号：${r.major_open}`)
  return lines.join('<br/>')
}

/** Horizontal bars, one per group (largest on top), stacked by status. */
export function statusBarOption(groupBy: string, rows: SummaryRowLike[], max = 12) {
  const shown = topRows(rows, max).reverse() // ECharts draws the first category at the bottom
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, itemWidth: 12, itemHeight: 12 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (params: { dataIndex: number }[]) => {
        const r = shown[params[0]?.dataIndex ?? 0]
        return r ? groupTooltip(groupBy, r) : ''
      },
    },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: shown.map((r) => shortName(groupName(groupBy, r))),
      axisTick: { show: false },
    },
    series: statusOrder.map((s) => ({
      name: hazardStatus.label(s),
      type: 'bar',
      stack: 'status',
      barMaxWidth: 22,
      itemStyle: { color: statusColors[s] },
      data: shown.map((r) => r.by_status[s]),
    })),
  }
}

export const palette = ['#c2410c', '#409eff', '#67c23a', '#e6a23c', '#909399', '#9b59b6', '#16a085', '#f56c6c']

/** The categories with hazards, largest first, each with its slice's colour. */
export function categorySlices(rows: SummaryRowLike[]) {
  return [...rows].filter((r) => r.total > 0).sort((a, b) => b.total - a.total)
    .map((r, i) => ({ row: r, name: groupName('category', r), color: palette[i % palette.length]! }))
}

/** A ring of the hazards by category; the table beside it is the legend. */
export function categoryPieOption(rows: SummaryRowLike[]) {
  const slices = categorySlices(rows)
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { name: string; value: number; percent: number; data: { open: number } }) =>
        `${p.name}：${p.value} 条（${p.percent}%），未销号 ${p.data.open} 条`,
    },
    series: [{
      name: '隐患类别',
      type: 'pie',
      radius: ['42%', '72%'],
      center: ['50%', '50%'],
      label: { show: false },
      data: slices.map((s) => ({
        name: s.name, value: s.row.total, open: s.row.total - s.row.by_status.verified, itemStyle: { color: s.color },
      })),
    }],
  }
}
