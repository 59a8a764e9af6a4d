package enum

// The gas programmes' enumerations: alarm installation campaigns (燃气报警器),
// the old-pipeline renovation (老旧管网改造) and its occupation points (占压).

// CampaignScope is whom an alarm campaign installs for.
type CampaignScope string

// The values of CampaignScope.
const (
	ScopeResident   CampaignScope = "resident"
	ScopeCommercial CampaignScope = "commercial"
	ScopeBoth       CampaignScope = "both"
)

var campaignScopes = table[CampaignScope]{
	{ScopeResident, "居民"}, {ScopeCommercial, "工商户"}, {ScopeBoth, "居民及工商户"},
}

// Values of CampaignScope, for ent.
func (CampaignScope) Values() []string { return campaignScopes.values() }

// Valid tells whether s is a CampaignScope.
func (s CampaignScope) Valid() bool { return campaignScopes.valid(s) }

// Label is s in Chinese.
func (s CampaignScope) Label() string { return campaignScopes.label(s) }

// CampaignScopes lists the values in order.
func CampaignScopes() []CampaignScope { return campaignScopes.codes() }

// ParseCampaignScope reads a code or a label.
func ParseCampaignScope(s string) (CampaignScope, bool) { return campaignScopes.parse(s) }

// CampaignStatus is where an alarm campaign stands.
type CampaignStatus string

// The values of CampaignStatus.
const (
	CampaignDraft   CampaignStatus = "draft"
	CampaignActive  CampaignStatus = "active"
	CampaignClosing CampaignStatus = "closing"
	CampaignClosed  CampaignStatus = "closed"
)

var campaignStatuses = table[CampaignStatus]{
	{CampaignDraft, "草稿"}, {CampaignActive, "进行中"}, {CampaignClosing, "收尾"}, {CampaignClosed, "已结束"},
}

// Values of CampaignStatus, for ent.
func (CampaignStatus) Values() []string { return campaignStatuses.values() }

// Valid tells whether s is a CampaignStatus.
func (s CampaignStatus) Valid() bool { return campaignStatuses.valid(s) }

// Label is s in Chinese.
func (s CampaignStatus) Label() string { return campaignStatuses.label(s) }

// CampaignStatuses lists the values in order.
func CampaignStatuses() []CampaignStatus { return campaignStatuses.codes() }

// ParseCampaignStatus reads a code or a label.
func ParseCampaignStatus(s string) (CampaignStatus, bool) { return campaignStatuses.parse(s) }

// Funding is who pays for the devices.
type Funding string

// The values of Funding.
const (
	FundingGovernment Funding = "government"
	FundingCompany    Funding = "company"
	FundingUser       Funding = "user"
	FundingShared     Funding = "shared"
)

var fundings = table[Funding]{
	{FundingGovernment, "政府出资"}, {FundingCompany, "企业出资"}, {FundingUser, "用户自费"}, {FundingShared, "共同出资"},
}

// Values of Funding, for ent.
func (Funding) Values() []string { return fundings.values() }

// Valid tells whether s is a Funding.
func (s Funding) Valid() bool { return fundings.valid(s) }

// Label is s in Chinese.
func (s Funding) Label() string { return fundings.label(s) }

// Fundings lists the values in order.
func Fundings() []Funding { return fundings.codes() }

// ParseFunding reads a code or a label.
func ParseFunding(s string) (Funding, bool) { return fundings.parse(s) }

// UserType is the kind of gas user a premise is.
type UserType string

// The values of UserType.
const (
	UserResident   UserType = "resident"
	UserCommercial UserType = "commercial"
	UserIndustrial UserType = "industrial"
)

var userTypes = table[UserType]{
	{UserResident, "居民"}, {UserCommercial, "工商户"}, {UserIndustrial, "工业用户"},
}

// Values of UserType, for ent.
func (UserType) Values() []string { return userTypes.values() }

// Valid tells whether s is a UserType.
func (s UserType) Valid() bool { return userTypes.valid(s) }

// Label is s in Chinese.
func (s UserType) Label() string { return userTypes.label(s) }

// UserTypes lists the values in order.
func UserTypes() []UserType { return userTypes.codes() }

// ParseUserType reads a code or a label.
func ParseUserType(s string) (UserType, bool) { return userTypes.parse(s) }

// PremiseTag is a mark on a premise that the campaign counts apart.
type PremiseTag string

// The values of PremiseTag.
const (
	TagElderlyAlone PremiseTag = "elderly_alone"
	TagLowIncome    PremiseTag = "low_income"
	TagRestaurant   PremiseTag = "restaurant"
	TagSchool       PremiseTag = "school"
	TagHospital     PremiseTag = "hospital"
	TagMarket       PremiseTag = "market"
	TagBasement     PremiseTag = "basement"
)

var premiseTags = table[PremiseTag]{
	{TagElderlyAlone, "独居老人"}, {TagLowIncome, "低保"}, {TagRestaurant, "餐饮"}, {TagSchool, "学校"}, {TagHospital, "医院"}, {TagMarket, "市场"}, {TagBasement, "地下空间"},
}

// Values of PremiseTag, for ent.
func (PremiseTag) Values() []string { return premiseTags.values() }

// Valid tells whether s is a PremiseTag.
func (s PremiseTag) Valid() bool { return premiseTags.valid(s) }

// Label is s in Chinese.
func (s PremiseTag) Label() string { return premiseTags.label(s) }

// PremiseTags lists the values in order.
func PremiseTags() []PremiseTag { return premiseTags.codes() }

// ParsePremiseTag reads a code or a label.
func ParsePremiseTag(s string) (PremiseTag, bool) { return premiseTags.parse(s) }

// GasKind is the gas a premise burns.
type GasKind string

// The values of GasKind.
const (
	GasNaturalGas GasKind = "natural_gas"
	GasLpg        GasKind = "lpg"
)

var gasKinds = table[GasKind]{
	{GasNaturalGas, "天然气"}, {GasLpg, "液化石油气"},
}

// Values of GasKind, for ent.
func (GasKind) Values() []string { return gasKinds.values() }

// Valid tells whether s is a GasKind.
func (s GasKind) Valid() bool { return gasKinds.valid(s) }

// Label is s in Chinese.
func (s GasKind) Label() string { return gasKinds.label(s) }

// GasKinds lists the values in order.
func GasKinds() []GasKind { return gasKinds.codes() }

// ParseGasKind reads a code or a label.
func ParseGasKind(s string) (GasKind, bool) { return gasKinds.parse(s) }

// PremiseStatus is whether a premise uses gas.
type PremiseStatus string

// The values of PremiseStatus.
const (
	PremiseActive       PremiseStatus = "active"
	PremiseVacant       PremiseStatus = "vacant"
	PremiseDisconnected PremiseStatus = "disconnected"
)

var premiseStatuses = table[PremiseStatus]{
	{PremiseActive, "正常用气"}, {PremiseVacant, "空置"}, {PremiseDisconnected, "停气"},
}

// Values of PremiseStatus, for ent.
func (PremiseStatus) Values() []string { return premiseStatuses.values() }

// Valid tells whether s is a PremiseStatus.
func (s PremiseStatus) Valid() bool { return premiseStatuses.valid(s) }

// Label is s in Chinese.
func (s PremiseStatus) Label() string { return premiseStatuses.label(s) }

// PremiseStatuses lists the values in order.
func PremiseStatuses() []PremiseStatus { return premiseStatuses.codes() }

// ParsePremiseStatus reads a code or a label.
func ParsePremiseStatus(s string) (PremiseStatus, bool) { return premiseStatuses.parse(s) }

// VisitOutcome is what an installation visit came to.
type VisitOutcome string

// The values of VisitOutcome.
const (
	VisitInstalled      VisitOutcome = "installed"
	VisitNotHome        VisitOutcome = "not_home"
	VisitRefused        VisitOutcome = "refused"
	VisitVacant         VisitOutcome = "vacant"
	VisitHasValidDevice VisitOutcome = "has_valid_device"
)

var visitOutcomes = table[VisitOutcome]{
	{VisitInstalled, "已安装"}, {VisitNotHome, "到访不遇"}, {VisitRefused, "拒装"}, {VisitVacant, "空置"}, {VisitHasValidDevice, "已有合格设备"},
}

// Values of VisitOutcome, for ent.
func (VisitOutcome) Values() []string { return visitOutcomes.values() }

// Valid tells whether s is a VisitOutcome.
func (s VisitOutcome) Valid() bool { return visitOutcomes.valid(s) }

// Label is s in Chinese.
func (s VisitOutcome) Label() string { return visitOutcomes.label(s) }

// VisitOutcomes lists the values in order.
func VisitOutcomes() []VisitOutcome { return visitOutcomes.codes() }

// ParseVisitOutcome reads a code or a label.
func ParseVisitOutcome(s string) (VisitOutcome, bool) { return visitOutcomes.parse(s) }

// Detects is the gas an alarm detects.
type Detects string

// The values of Detects.
const (
	DetectsMethane Detects = "methane"
	DetectsPropane Detects = "propane"
	DetectsCo      Detects = "co"
)

var detectsValues = table[Detects]{
	{DetectsMethane, "甲烷"}, {DetectsPropane, "丙烷"}, {DetectsCo, "一氧化碳"},
}

// Values of Detects, for ent.
func (Detects) Values() []string { return detectsValues.values() }

// Valid tells whether s is a Detects.
func (s Detects) Valid() bool { return detectsValues.valid(s) }

// Label is s in Chinese.
func (s Detects) Label() string { return detectsValues.label(s) }

// DetectsValues lists the values in order.
func DetectsValues() []Detects { return detectsValues.codes() }

// ParseDetects reads a code or a label.
func ParseDetects(s string) (Detects, bool) { return detectsValues.parse(s) }

// DeviceStatus is where an alarm stands in its life.
type DeviceStatus string

// The values of DeviceStatus.
const (
	DeviceInstalled DeviceStatus = "installed"
	DeviceOnline    DeviceStatus = "online"
	DeviceOffline   DeviceStatus = "offline"
	DeviceFaulty    DeviceStatus = "faulty"
	DeviceReplaced  DeviceStatus = "replaced"
	DeviceRemoved   DeviceStatus = "removed"
)

var deviceStatuses = table[DeviceStatus]{
	{DeviceInstalled, "已安装"}, {DeviceOnline, "在线"}, {DeviceOffline, "离线"}, {DeviceFaulty, "故障"}, {DeviceReplaced, "已更换"}, {DeviceRemoved, "已拆除"},
}

// Values of DeviceStatus, for ent.
func (DeviceStatus) Values() []string { return deviceStatuses.values() }

// Valid tells whether s is a DeviceStatus.
func (s DeviceStatus) Valid() bool { return deviceStatuses.valid(s) }

// Label is s in Chinese.
func (s DeviceStatus) Label() string { return deviceStatuses.label(s) }

// DeviceStatuses lists the values in order.
func DeviceStatuses() []DeviceStatus { return deviceStatuses.codes() }

// ParseDeviceStatus reads a code or a label.
func ParseDeviceStatus(s string) (DeviceStatus, bool) { return deviceStatuses.parse(s) }

// Pace is a campaign's progress against its milestone.
type Pace string

// The values of Pace.
const (
	PaceOnTrack Pace = "on_track"
	PaceBehind  Pace = "behind"
	PaceAtRisk  Pace = "at_risk"
)

var paces = table[Pace]{
	{PaceOnTrack, "正常"}, {PaceBehind, "滞后"}, {PaceAtRisk, "严重滞后"},
}

// Values of Pace, for ent.
func (Pace) Values() []string { return paces.values() }

// Valid tells whether s is a Pace.
func (s Pace) Valid() bool { return paces.valid(s) }

// Label is s in Chinese.
func (s Pace) Label() string { return paces.label(s) }

// Paces lists the values in order.
func Paces() []Pace { return paces.codes() }

// ParsePace reads a code or a label.
func ParsePace(s string) (Pace, bool) { return paces.parse(s) }

// RenovationPlanStatus is where a renovation plan stands.
type RenovationPlanStatus string

// The values of RenovationPlanStatus.
const (
	RPlanDraft      RenovationPlanStatus = "draft"
	RPlanApproved   RenovationPlanStatus = "approved"
	RPlanInProgress RenovationPlanStatus = "in_progress"
	RPlanClosed     RenovationPlanStatus = "closed"
)

var renovationPlanStatuses = table[RenovationPlanStatus]{
	{RPlanDraft, "草稿"}, {RPlanApproved, "已批准"}, {RPlanInProgress, "实施中"}, {RPlanClosed, "已结束"},
}

// Values of RenovationPlanStatus, for ent.
func (RenovationPlanStatus) Values() []string { return renovationPlanStatuses.values() }

// Valid tells whether s is a RenovationPlanStatus.
func (s RenovationPlanStatus) Valid() bool { return renovationPlanStatuses.valid(s) }

// Label is s in Chinese.
func (s RenovationPlanStatus) Label() string { return renovationPlanStatuses.label(s) }

// RenovationPlanStatuses lists the values in order.
func RenovationPlanStatuses() []RenovationPlanStatus { return renovationPlanStatuses.codes() }

// ParseRenovationPlanStatus reads a code or a label.
func ParseRenovationPlanStatus(s string) (RenovationPlanStatus, bool) {
	return renovationPlanStatuses.parse(s)
}

// ScopeType is what a renovation project renews (改造类型).
type ScopeType string

// The values of ScopeType.
const (
	ScopeMunicipal    ScopeType = "municipal"
	ScopeCourtyard    ScopeType = "courtyard"
	ScopeRiser        ScopeType = "riser"
	ScopeStation      ScopeType = "station"
	ScopeUserFacility ScopeType = "user_facility"
)

var scopeTypes = table[ScopeType]{
	{ScopeMunicipal, "市政管道"}, {ScopeCourtyard, "庭院管道"}, {ScopeRiser, "立管(含引入管、水平干管)"}, {ScopeStation, "场站和设施"}, {ScopeUserFacility, "用户设施"},
}

// Values of ScopeType, for ent.
func (ScopeType) Values() []string { return scopeTypes.values() }

// Valid tells whether s is a ScopeType.
func (s ScopeType) Valid() bool { return scopeTypes.valid(s) }

// Label is s in Chinese.
func (s ScopeType) Label() string { return scopeTypes.label(s) }

// ScopeTypes lists the values in order.
func ScopeTypes() []ScopeType { return scopeTypes.codes() }

// ParseScopeType reads a code or a label.
func ParseScopeType(s string) (ScopeType, bool) { return scopeTypes.parse(s) }

// AgingReason is why a pipe counts as aged under 国办发〔2022〕22号.
type AgingReason string

// The values of AgingReason.
const (
	AgingGreyCastIron          AgingReason = "grey_cast_iron"
	AgingDuctileIronUnsafe     AgingReason = "ductile_iron_unsafe"
	AgingSteelPe20y            AgingReason = "steel_pe_20y"
	AgingSteelPeUncontrollable AgingReason = "steel_pe_uncontrollable"
	AgingRiser20y              AgingReason = "riser_20y"
	AgingOccupation            AgingReason = "occupation"
	AgingOther                 AgingReason = "other"
)

var agingReasons = table[AgingReason]{
	{AgingGreyCastIron, "灰口铸铁管"}, {AgingDuctileIronUnsafe, "球墨铸铁管不满足安全运行要求"}, {AgingSteelPe20y, "钢质/PE管满20年存在隐患"}, {AgingSteelPeUncontrollable, "不满20年存在隐患且难以管控"}, {AgingRiser20y, "立管满20年存在隐患"}, {AgingOccupation, "存在被占压风险"}, {AgingOther, "其他"},
}

// Values of AgingReason, for ent.
func (AgingReason) Values() []string { return agingReasons.values() }

// Valid tells whether s is a AgingReason.
func (s AgingReason) Valid() bool { return agingReasons.valid(s) }

// Label is s in Chinese.
func (s AgingReason) Label() string { return agingReasons.label(s) }

// AgingReasons lists the values in order.
func AgingReasons() []AgingReason { return agingReasons.codes() }

// ParseAgingReason reads a code or a label.
func ParseAgingReason(s string) (AgingReason, bool) { return agingReasons.parse(s) }

// PressureLevel is a gas pipe's pressure class.
type PressureLevel string

// The values of PressureLevel.
const (
	PressureLow     PressureLevel = "low"
	PressureMediumB PressureLevel = "medium_b"
	PressureMediumA PressureLevel = "medium_a"
	PressureSubHigh PressureLevel = "sub_high"
	PressureHigh    PressureLevel = "high"
)

var pressureLevels = table[PressureLevel]{
	{PressureLow, "低压"}, {PressureMediumB, "中压B"}, {PressureMediumA, "中压A"}, {PressureSubHigh, "次高压"}, {PressureHigh, "高压"},
}

// Values of PressureLevel, for ent.
func (PressureLevel) Values() []string { return pressureLevels.values() }

// Valid tells whether s is a PressureLevel.
func (s PressureLevel) Valid() bool { return pressureLevels.valid(s) }

// Label is s in Chinese.
func (s PressureLevel) Label() string { return pressureLevels.label(s) }

// PressureLevels lists the values in order.
func PressureLevels() []PressureLevel { return pressureLevels.codes() }

// ParsePressureLevel reads a code or a label.
func ParsePressureLevel(s string) (PressureLevel, bool) { return pressureLevels.parse(s) }

// ProjectStatus is where a renovation project stands.
type ProjectStatus string

// The values of ProjectStatus.
const (
	ProjectPlanned        ProjectStatus = "planned"
	ProjectPreparing      ProjectStatus = "preparing"
	ProjectInConstruction ProjectStatus = "in_construction"
	ProjectCompleted      ProjectStatus = "completed"
	ProjectGasRestored    ProjectStatus = "gas_restored"
	ProjectAccepted       ProjectStatus = "accepted"
	ProjectSuspended      ProjectStatus = "suspended"
	ProjectCancelled      ProjectStatus = "cancelled"
)

var projectStatuses = table[ProjectStatus]{
	{ProjectPlanned, "已列入计划"}, {ProjectPreparing, "设计/手续办理"}, {ProjectInConstruction, "施工中"}, {ProjectCompleted, "完工"}, {ProjectGasRestored, "已通气"}, {ProjectAccepted, "竣工验收"}, {ProjectSuspended, "停工"}, {ProjectCancelled, "已取消"},
}

// Values of ProjectStatus, for ent.
func (ProjectStatus) Values() []string { return projectStatuses.values() }

// Valid tells whether s is a ProjectStatus.
func (s ProjectStatus) Valid() bool { return projectStatuses.valid(s) }

// Label is s in Chinese.
func (s ProjectStatus) Label() string { return projectStatuses.label(s) }

// ProjectStatuses lists the values in order.
func ProjectStatuses() []ProjectStatus { return projectStatuses.codes() }

// ParseProjectStatus reads a code or a label.
func ParseProjectStatus(s string) (ProjectStatus, bool) { return projectStatuses.parse(s) }

// ReportDecision is the bureau's answer to a progress report.
type ReportDecision string

// The values of ReportDecision.
const (
	ReportPending    ReportDecision = "pending"
	ReportAccepted   ReportDecision = "accepted"
	ReportQuestioned ReportDecision = "questioned"
)

var reportDecisions = table[ReportDecision]{
	{ReportPending, "待审核"}, {ReportAccepted, "已确认"}, {ReportQuestioned, "有疑问"},
}

// Values of ReportDecision, for ent.
func (ReportDecision) Values() []string { return reportDecisions.values() }

// Valid tells whether s is a ReportDecision.
func (s ReportDecision) Valid() bool { return reportDecisions.valid(s) }

// Label is s in Chinese.
func (s ReportDecision) Label() string { return reportDecisions.label(s) }

// ReportDecisions lists the values in order.
func ReportDecisions() []ReportDecision { return reportDecisions.codes() }

// ParseReportDecision reads a code or a label.
func ParseReportDecision(s string) (ReportDecision, bool) { return reportDecisions.parse(s) }

// OccupierType is what sits on the pipe (占压物类型).
type OccupierType string

// The values of OccupierType.
const (
	OccupierBuilding  OccupierType = "building"
	OccupierStructure OccupierType = "structure"
	OccupierShed      OccupierType = "shed"
	OccupierStall     OccupierType = "stall"
	OccupierStorage   OccupierType = "storage"
	OccupierGreenery  OccupierType = "greenery"
	OccupierCarport   OccupierType = "carport"
	OccupierOther     OccupierType = "other"
)

var occupierTypes = table[OccupierType]{
	{OccupierBuilding, "违建房屋"}, {OccupierStructure, "构筑物"}, {OccupierShed, "彩钢房/临建"}, {OccupierStall, "商铺/摊点"}, {OccupierStorage, "堆物"}, {OccupierGreenery, "树木绿化"}, {OccupierCarport, "车棚"}, {OccupierOther, "其他"},
}

// Values of OccupierType, for ent.
func (OccupierType) Values() []string { return occupierTypes.values() }

// Valid tells whether s is a OccupierType.
func (s OccupierType) Valid() bool { return occupierTypes.valid(s) }

// Label is s in Chinese.
func (s OccupierType) Label() string { return occupierTypes.label(s) }

// OccupierTypes lists the values in order.
func OccupierTypes() []OccupierType { return occupierTypes.codes() }

// ParseOccupierType reads a code or a label.
func ParseOccupierType(s string) (OccupierType, bool) { return occupierTypes.parse(s) }

// PointSource is how an occupation point was found.
type PointSource string

// The values of PointSource.
const (
	FoundPatrol           PointSource = "patrol"
	FoundStreetInspection PointSource = "street_inspection"
	FoundVideo            PointSource = "video"
	FoundComplaint        PointSource = "complaint"
	FoundSurvey           PointSource = "survey"
)

var pointSources = table[PointSource]{
	{FoundPatrol, "企业巡线"}, {FoundStreetInspection, "街道巡查"}, {FoundVideo, "视频监控"}, {FoundComplaint, "群众举报"}, {FoundSurvey, "普查"},
}

// Values of PointSource, for ent.
func (PointSource) Values() []string { return pointSources.values() }

// Valid tells whether s is a PointSource.
func (s PointSource) Valid() bool { return pointSources.valid(s) }

// Label is s in Chinese.
func (s PointSource) Label() string { return pointSources.label(s) }

// PointSources lists the values in order.
func PointSources() []PointSource { return pointSources.codes() }

// ParsePointSource reads a code or a label.
func ParsePointSource(s string) (PointSource, bool) { return pointSources.parse(s) }

// Disposition is how an occupation point is to be cleared (整治方式).
type Disposition string

// The values of Disposition.
const (
	DisposeRerouteByProject Disposition = "reroute_by_project"
	DisposeDemolish         Disposition = "demolish"
	DisposeRelocate         Disposition = "relocate"
	DisposeProtectInterim   Disposition = "protect_interim"
	DisposeOther            Disposition = "other"
)

var dispositions = table[Disposition]{
	{DisposeRerouteByProject, "纳入改造计划改线消除"}, {DisposeDemolish, "拆除"}, {DisposeRelocate, "搬迁"}, {DisposeProtectInterim, "临时防护+管控"}, {DisposeOther, "其他"},
}

// Values of Disposition, for ent.
func (Disposition) Values() []string { return dispositions.values() }

// Valid tells whether s is a Disposition.
func (s Disposition) Valid() bool { return dispositions.valid(s) }

// Label is s in Chinese.
func (s Disposition) Label() string { return dispositions.label(s) }

// Dispositions lists the values in order.
func Dispositions() []Disposition { return dispositions.codes() }

// ParseDisposition reads a code or a label.
func ParseDisposition(s string) (Disposition, bool) { return dispositions.parse(s) }

// PointStatus is where an occupation point stands.
type PointStatus string

// The values of PointStatus.
const (
	PointIdentified PointStatus = "identified"
	PointPlanned    PointStatus = "planned"
	PointInProgress PointStatus = "in_progress"
	PointEliminated PointStatus = "eliminated"
	PointVerified   PointStatus = "verified"
	PointDeferred   PointStatus = "deferred"
)

var pointStatuses = table[PointStatus]{
	{PointIdentified, "已登记"}, {PointPlanned, "已纳入计划"}, {PointInProgress, "整治中"}, {PointEliminated, "已消除待销号"}, {PointVerified, "已销号"}, {PointDeferred, "暂缓整治"},
}

// Values of PointStatus, for ent.
func (PointStatus) Values() []string { return pointStatuses.values() }

// Valid tells whether s is a PointStatus.
func (s PointStatus) Valid() bool { return pointStatuses.valid(s) }

// Label is s in Chinese.
func (s PointStatus) Label() string { return pointStatuses.label(s) }

// PointStatuses lists the values in order.
func PointStatuses() []PointStatus { return pointStatuses.codes() }

// ParsePointStatus reads a code or a label.
func ParsePointStatus(s string) (PointStatus, bool) { return pointStatuses.parse(s) }

// Milestone is a share of its target a campaign must reach by a day (50 %
// by 06-30). It lives here, beside the enumerations, because the generated
// code may not import the schema package.
type Milestone struct {
	On      string  `json:"on"`
	Percent float64 `json:"percent"`
}
