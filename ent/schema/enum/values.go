package enum

// HazardCategory is what kind of hazard a ledger entry records.
type HazardCategory string

// The hazard categories.
const (
	CategoryPipelineOccupation   HazardCategory = "pipeline_occupation"
	CategoryAgingPipeline        HazardCategory = "aging_pipeline"
	CategoryLeak                 HazardCategory = "leak"
	CategoryAlarmMissing         HazardCategory = "alarm_missing"
	CategoryIllegalUse           HazardCategory = "illegal_use"
	CategoryEquipmentDefect      HazardCategory = "equipment_defect"
	CategoryHeatingNetworkDefect HazardCategory = "heating_network_defect"
	CategoryOther                HazardCategory = "other"
)

var hazardCategories = table[HazardCategory]{
	{CategoryPipelineOccupation, "占压"}, {CategoryAgingPipeline, "老旧管网"}, {CategoryLeak, "泄漏"},
	{CategoryAlarmMissing, "报警器缺失或故障"}, {CategoryIllegalUse, "违规用气"},
	{CategoryEquipmentDefect, "设备缺陷"}, {CategoryHeatingNetworkDefect, "供热管网缺陷"}, {CategoryOther, "其他"},
}

// Values of HazardCategory, for ent.
func (HazardCategory) Values() []string { return hazardCategories.values() }

// Valid tells whether c is a category.
func (c HazardCategory) Valid() bool { return hazardCategories.valid(c) }

// Label is c in Chinese.
func (c HazardCategory) Label() string { return hazardCategories.label(c) }

// HazardCategories lists the categories in order.
func HazardCategories() []HazardCategory { return hazardCategories.codes() }

// HazardCategoryLabels lists the categories' labels in order.
func HazardCategoryLabels() []string { return hazardCategories.labels() }

// ParseHazardCategory reads a category's code or label.
func ParseHazardCategory(s string) (HazardCategory, bool) { return hazardCategories.parse(s) }

// HazardLevel is a hazard's gravity.
type HazardLevel string

// The hazard levels.
const (
	LevelGeneral HazardLevel = "general"
	LevelMajor   HazardLevel = "major"
)

var hazardLevels = table[HazardLevel]{{LevelGeneral, "一般"}, {LevelMajor, "重大"}}

// Values of HazardLevel, for ent.
func (HazardLevel) Values() []string { return hazardLevels.values() }

// Valid tells whether l is a level.
func (l HazardLevel) Valid() bool { return hazardLevels.valid(l) }

// Label is l in Chinese.
func (l HazardLevel) Label() string { return hazardLevels.label(l) }

// HazardLevelLabels lists the levels' labels in order.
func HazardLevelLabels() []string { return hazardLevels.labels() }

// ParseHazardLevel reads a level's code or label.
func ParseHazardLevel(s string) (HazardLevel, bool) { return hazardLevels.parse(s) }

// HazardSource is how a hazard was found.
type HazardSource string

// The hazard sources.
const (
	SourceSelfInspection   HazardSource = "self_inspection"
	SourceBureauInspection HazardSource = "bureau_inspection"
	SourceStreetInspection HazardSource = "street_inspection"
	SourceComplaint        HazardSource = "complaint"
	SourceHotline          HazardSource = "hotline"
)

var hazardSources = table[HazardSource]{
	{SourceSelfInspection, "企业自查"}, {SourceBureauInspection, "区局检查"}, {SourceStreetInspection, "街道排查"},
	{SourceComplaint, "群众投诉"}, {SourceHotline, "12345热线"},
}

// Values of HazardSource, for ent.
func (HazardSource) Values() []string { return hazardSources.values() }

// Valid tells whether s is a source.
func (s HazardSource) Valid() bool { return hazardSources.valid(s) }

// Label is s in Chinese.
func (s HazardSource) Label() string { return hazardSources.label(s) }

// HazardStatus is where a hazard stands in its rectification.
type HazardStatus string

// The hazard statuses, in lifecycle order.
const (
	StatusReported   HazardStatus = "reported"
	StatusRectifying HazardStatus = "rectifying"
	StatusRectified  HazardStatus = "rectified"
	StatusVerified   HazardStatus = "verified"
)

var hazardStatuses = table[HazardStatus]{
	{StatusReported, "已上报"}, {StatusRectifying, "整改中"}, {StatusRectified, "已整改待验收"}, {StatusVerified, "已验收销号"},
}

// Values of HazardStatus, for ent.
func (HazardStatus) Values() []string { return hazardStatuses.values() }

// Valid tells whether s is a status.
func (s HazardStatus) Valid() bool { return hazardStatuses.valid(s) }

// Label is s in Chinese.
func (s HazardStatus) Label() string { return hazardStatuses.label(s) }

// HazardStatuses lists the statuses in lifecycle order.
func HazardStatuses() []HazardStatus { return hazardStatuses.codes() }

// OrgKind is what an organisation is.
type OrgKind string

// The organisation kinds.
const (
	OrgBureau         OrgKind = "bureau"
	OrgGasCompany     OrgKind = "gas_company"
	OrgHeatingCompany OrgKind = "heating_company"
	OrgStreet         OrgKind = "street"
	OrgCommunity      OrgKind = "community"
)

var orgKinds = table[OrgKind]{
	{OrgBureau, "主管部门"}, {OrgGasCompany, "燃气企业"}, {OrgHeatingCompany, "供热企业"},
	{OrgStreet, "街道"}, {OrgCommunity, "社区"},
}

// Values of OrgKind, for ent.
func (OrgKind) Values() []string { return orgKinds.values() }

// Valid tells whether k is a kind.
func (k OrgKind) Valid() bool { return orgKinds.valid(k) }

// Label is k in Chinese.
func (k OrgKind) Label() string { return orgKinds.label(k) }

// Company tells whether k is a gas or heating company.
func (k OrgKind) Company() bool { return k == OrgGasCompany || k == OrgHeatingCompany }

// Industry is a company kind's industry in one word (燃气, 供热), as the
// ledgers group them; empty for other kinds.
func (k OrgKind) Industry() string {
	switch k {
	case OrgGasCompany:
		return "燃气"
	case OrgHeatingCompany:
		return "供热"
	}
	return ""
}

// ReminderKind is what a reminder says: the deadline nears, or it passed.
type ReminderKind string

// The reminder kinds.
const (
	ReminderDueSoon ReminderKind = "due_soon"
	ReminderOverdue ReminderKind = "overdue"
)

var reminderKinds = table[ReminderKind]{{ReminderDueSoon, "即将到期"}, {ReminderOverdue, "逾期升级"}}

// Values of ReminderKind, for ent.
func (ReminderKind) Values() []string { return reminderKinds.values() }

// Valid tells whether k is a kind.
func (k ReminderKind) Valid() bool { return reminderKinds.valid(k) }

// Label is k in Chinese.
func (k ReminderKind) Label() string { return reminderKinds.label(k) }

// ExtensionStatus is where a deadline extension request stands.
type ExtensionStatus string

// The extension statuses.
const (
	ExtensionPending  ExtensionStatus = "pending"
	ExtensionApproved ExtensionStatus = "approved"
	ExtensionRefused  ExtensionStatus = "refused"
)

var extensionStatuses = table[ExtensionStatus]{
	{ExtensionPending, "待审批"}, {ExtensionApproved, "已批准"}, {ExtensionRefused, "已驳回"},
}

// Values of ExtensionStatus, for ent.
func (ExtensionStatus) Values() []string { return extensionStatuses.values() }

// Valid tells whether s is a status.
func (s ExtensionStatus) Valid() bool { return extensionStatuses.valid(s) }

// Label is s in Chinese.
func (s ExtensionStatus) Label() string { return extensionStatuses.label(s) }
