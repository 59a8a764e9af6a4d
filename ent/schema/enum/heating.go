package enum

// The heating module's enumerations: the register of sites and equipment,
// its inspections, the season and the readiness plan (冬病夏治).

// SiteKind is what a heating site is.
type SiteKind string

// The values of SiteKind.
const (
	SiteBoilerRoom      SiteKind = "boiler_room"
	SiteHeatSource      SiteKind = "heat_source"
	SiteExchangeStation SiteKind = "exchange_station"
	SiteNetworkSegment  SiteKind = "network_segment"
	SiteGasFacility     SiteKind = "gas_facility"
)

var siteKinds = table[SiteKind]{
	{SiteBoilerRoom, "锅炉房"}, {SiteHeatSource, "热源厂"}, {SiteExchangeStation, "换热站"}, {SiteNetworkSegment, "管网段"}, {SiteGasFacility, "燃气设施"},
}

// Values of SiteKind, for ent.
func (SiteKind) Values() []string { return siteKinds.values() }

// Valid tells whether s is a SiteKind.
func (s SiteKind) Valid() bool { return siteKinds.valid(s) }

// Label is s in Chinese.
func (s SiteKind) Label() string { return siteKinds.label(s) }

// SiteKinds lists the values in order.
func SiteKinds() []SiteKind { return siteKinds.codes() }

// ParseSiteKind reads a code or a label.
func ParseSiteKind(s string) (SiteKind, bool) { return siteKinds.parse(s) }

// SiteStatus is whether a site is in use.
type SiteStatus string

// The values of SiteStatus.
const (
	SiteInService      SiteStatus = "in_service"
	SiteStandby        SiteStatus = "standby"
	SiteDecommissioned SiteStatus = "decommissioned"
)

var siteStatuses = table[SiteStatus]{
	{SiteInService, "在用"}, {SiteStandby, "备用"}, {SiteDecommissioned, "停用"},
}

// Values of SiteStatus, for ent.
func (SiteStatus) Values() []string { return siteStatuses.values() }

// Valid tells whether s is a SiteStatus.
func (s SiteStatus) Valid() bool { return siteStatuses.valid(s) }

// Label is s in Chinese.
func (s SiteStatus) Label() string { return siteStatuses.label(s) }

// SiteStatuses lists the values in order.
func SiteStatuses() []SiteStatus { return siteStatuses.codes() }

// ParseSiteStatus reads a code or a label.
func ParseSiteStatus(s string) (SiteStatus, bool) { return siteStatuses.parse(s) }

// EquipmentKind is what a piece of equipment is.
type EquipmentKind string

// The values of EquipmentKind.
const (
	EquipBoiler          EquipmentKind = "boiler"
	EquipPressureVessel  EquipmentKind = "pressure_vessel"
	EquipSafetyValve     EquipmentKind = "safety_valve"
	EquipPressureGauge   EquipmentKind = "pressure_gauge"
	EquipBurner          EquipmentKind = "burner"
	EquipPlateExchanger  EquipmentKind = "plate_exchanger"
	EquipCirculationPump EquipmentKind = "circulation_pump"
	EquipMakeupPump      EquipmentKind = "makeup_pump"
	EquipStrainer        EquipmentKind = "strainer"
	EquipWaterTreatment  EquipmentKind = "water_treatment"
	EquipGasRegulator    EquipmentKind = "gas_regulator"
	EquipGasDetector     EquipmentKind = "gas_detector"
	EquipShutoffValve    EquipmentKind = "shutoff_valve"
	EquipControlCabinet  EquipmentKind = "control_cabinet"
	EquipOther           EquipmentKind = "other"
)

var equipmentKinds = table[EquipmentKind]{
	{EquipBoiler, "锅炉本体"}, {EquipPressureVessel, "压力容器"}, {EquipSafetyValve, "安全阀"}, {EquipPressureGauge, "压力表"}, {EquipBurner, "燃烧器"}, {EquipPlateExchanger, "板式换热器"}, {EquipCirculationPump, "循环泵"}, {EquipMakeupPump, "补水泵"}, {EquipStrainer, "除污器"}, {EquipWaterTreatment, "水处理设备"}, {EquipGasRegulator, "调压装置"}, {EquipGasDetector, "可燃气体探测器"}, {EquipShutoffValve, "紧急切断阀"}, {EquipControlCabinet, "电气控制柜"}, {EquipOther, "其他设备"},
}

// Values of EquipmentKind, for ent.
func (EquipmentKind) Values() []string { return equipmentKinds.values() }

// Valid tells whether e is a EquipmentKind.
func (e EquipmentKind) Valid() bool { return equipmentKinds.valid(e) }

// Label is e in Chinese.
func (e EquipmentKind) Label() string { return equipmentKinds.label(e) }

// EquipmentKinds lists the values in order.
func EquipmentKinds() []EquipmentKind { return equipmentKinds.codes() }

// ParseEquipmentKind reads a code or a label.
func ParseEquipmentKind(s string) (EquipmentKind, bool) { return equipmentKinds.parse(s) }

// EquipmentStatus is whether a piece of equipment is in use.
type EquipmentStatus string

// The values of EquipmentStatus.
const (
	EquipInService   EquipmentStatus = "in_service"
	EquipStandby     EquipmentStatus = "standby"
	EquipUnderRepair EquipmentStatus = "under_repair"
	EquipSealed      EquipmentStatus = "sealed"
	EquipScrapped    EquipmentStatus = "scrapped"
)

var equipmentStatuses = table[EquipmentStatus]{
	{EquipInService, "在用"}, {EquipStandby, "备用"}, {EquipUnderRepair, "维修中"}, {EquipSealed, "停用封存"}, {EquipScrapped, "报废"},
}

// Values of EquipmentStatus, for ent.
func (EquipmentStatus) Values() []string { return equipmentStatuses.values() }

// Valid tells whether e is a EquipmentStatus.
func (e EquipmentStatus) Valid() bool { return equipmentStatuses.valid(e) }

// Label is e in Chinese.
func (e EquipmentStatus) Label() string { return equipmentStatuses.label(e) }

// EquipmentStatuses lists the values in order.
func EquipmentStatuses() []EquipmentStatus { return equipmentStatuses.codes() }

// ParseEquipmentStatus reads a code or a label.
func ParseEquipmentStatus(s string) (EquipmentStatus, bool) { return equipmentStatuses.parse(s) }

// Condition is a piece of equipment's technical condition (技术状况).
type Condition string

// The values of Condition.
const (
	ConditionIntact    Condition = "intact"
	ConditionDefective Condition = "defective"
	ConditionUnknown   Condition = "unknown"
)

var conditions = table[Condition]{
	{ConditionIntact, "完好"}, {ConditionDefective, "带病"}, {ConditionUnknown, "未评定"},
}

// Values of Condition, for ent.
func (Condition) Values() []string { return conditions.values() }

// Valid tells whether c is a Condition.
func (c Condition) Valid() bool { return conditions.valid(c) }

// Label is c in Chinese.
func (c Condition) Label() string { return conditions.label(c) }

// Conditions lists the values in order.
func Conditions() []Condition { return conditions.codes() }

// ParseCondition reads a code or a label.
func ParseCondition(s string) (Condition, bool) { return conditions.parse(s) }

// InspectionType is a statutory inspection, calibration or verification (检验/校验/检定).
type InspectionType string

// The values of InspectionType.
const (
	InspExternal            InspectionType = "external_inspection"
	InspInternal            InspectionType = "internal_inspection"
	InspHydroTest           InspectionType = "hydro_test"
	InspPeriodic            InspectionType = "periodic_inspection"
	InspAnnualCheck         InspectionType = "annual_check"
	InspValveCalibration    InspectionType = "valve_calibration"
	InspGaugeVerification   InspectionType = "gauge_verification"
	InspDetectorCalibration InspectionType = "detector_calibration"
)

var inspectionTypes = table[InspectionType]{
	{InspExternal, "外部检验"}, {InspInternal, "内部检验"}, {InspHydroTest, "水(耐)压试验"}, {InspPeriodic, "定期检验"}, {InspAnnualCheck, "年度检查"}, {InspValveCalibration, "安全阀校验"}, {InspGaugeVerification, "压力表检定"}, {InspDetectorCalibration, "探测器标定"},
}

// Values of InspectionType, for ent.
func (InspectionType) Values() []string { return inspectionTypes.values() }

// Valid tells whether i is a InspectionType.
func (i InspectionType) Valid() bool { return inspectionTypes.valid(i) }

// Label is i in Chinese.
func (i InspectionType) Label() string { return inspectionTypes.label(i) }

// InspectionTypes lists the values in order.
func InspectionTypes() []InspectionType { return inspectionTypes.codes() }

// ParseInspectionType reads a code or a label.
func ParseInspectionType(s string) (InspectionType, bool) { return inspectionTypes.parse(s) }

// InspectionConclusion is what an inspection report concludes.
type InspectionConclusion string

// The values of InspectionConclusion.
const (
	ConclusionPass        InspectionConclusion = "pass"
	ConclusionConditional InspectionConclusion = "conditional"
	ConclusionFail        InspectionConclusion = "fail"
)

var inspectionConclusions = table[InspectionConclusion]{
	{ConclusionPass, "合格"}, {ConclusionConditional, "基本符合要求"}, {ConclusionFail, "不合格"},
}

// Values of InspectionConclusion, for ent.
func (InspectionConclusion) Values() []string { return inspectionConclusions.values() }

// Valid tells whether i is a InspectionConclusion.
func (i InspectionConclusion) Valid() bool { return inspectionConclusions.valid(i) }

// Label is i in Chinese.
func (i InspectionConclusion) Label() string { return inspectionConclusions.label(i) }

// InspectionConclusions lists the values in order.
func InspectionConclusions() []InspectionConclusion { return inspectionConclusions.codes() }

// ParseInspectionConclusion reads a code or a label.
func ParseInspectionConclusion(s string) (InspectionConclusion, bool) {
	return inspectionConclusions.parse(s)
}

// InspectionState is where an inspection's validity stands.
type InspectionState string

// The values of InspectionState.
const (
	StateValid   InspectionState = "valid"
	StateDueSoon InspectionState = "due_soon"
	StateOverdue InspectionState = "overdue"
	StateMissing InspectionState = "missing"
)

var inspectionStates = table[InspectionState]{
	{StateValid, "有效"}, {StateDueSoon, "即将到期"}, {StateOverdue, "已超期"}, {StateMissing, "无记录"},
}

// Values of InspectionState, for ent.
func (InspectionState) Values() []string { return inspectionStates.values() }

// Valid tells whether i is a InspectionState.
func (i InspectionState) Valid() bool { return inspectionStates.valid(i) }

// Label is i in Chinese.
func (i InspectionState) Label() string { return inspectionStates.label(i) }

// InspectionStates lists the values in order.
func InspectionStates() []InspectionState { return inspectionStates.codes() }

// ParseInspectionState reads a code or a label.
func ParseInspectionState(s string) (InspectionState, bool) { return inspectionStates.parse(s) }

// ReadinessTest is what a season asks of an inspection's validity.
type ReadinessTest string

// The values of ReadinessTest.
const (
	TestOnStart    ReadinessTest = "on_start"
	TestThroughEnd ReadinessTest = "through_end"
	TestNone       ReadinessTest = "none"
)

var readinessTests = table[ReadinessTest]{
	{TestOnStart, "供热开始日有效"}, {TestThroughEnd, "整个供热期有效"}, {TestNone, "不作为供热条件"},
}

// Values of ReadinessTest, for ent.
func (ReadinessTest) Values() []string { return readinessTests.values() }

// Valid tells whether r is a ReadinessTest.
func (r ReadinessTest) Valid() bool { return readinessTests.valid(r) }

// Label is r in Chinese.
func (r ReadinessTest) Label() string { return readinessTests.label(r) }

// ReadinessTests lists the values in order.
func ReadinessTests() []ReadinessTest { return readinessTests.codes() }

// ParseReadinessTest reads a code or a label.
func ParseReadinessTest(s string) (ReadinessTest, bool) { return readinessTests.parse(s) }

// SeasonStatus is where a heating season stands.
type SeasonStatus string

// The values of SeasonStatus.
const (
	SeasonPlanning SeasonStatus = "planning"
	SeasonCampaign SeasonStatus = "campaign_open"
	SeasonReview   SeasonStatus = "readiness_review"
	SeasonHeating  SeasonStatus = "heating"
	SeasonClosed   SeasonStatus = "closed"
)

var seasonStatuses = table[SeasonStatus]{
	{SeasonPlanning, "筹备中"}, {SeasonCampaign, "冬病夏治进行中"}, {SeasonReview, "供热准备验收"}, {SeasonHeating, "供热中"}, {SeasonClosed, "已结束"},
}

// Values of SeasonStatus, for ent.
func (SeasonStatus) Values() []string { return seasonStatuses.values() }

// Valid tells whether s is a SeasonStatus.
func (s SeasonStatus) Valid() bool { return seasonStatuses.valid(s) }

// Label is s in Chinese.
func (s SeasonStatus) Label() string { return seasonStatuses.label(s) }

// SeasonStatuses lists the values in order.
func SeasonStatuses() []SeasonStatus { return seasonStatuses.codes() }

// ParseSeasonStatus reads a code or a label.
func ParseSeasonStatus(s string) (SeasonStatus, bool) { return seasonStatuses.parse(s) }

// PlanStatus is where a company's readiness plan stands.
type PlanStatus string

// The values of PlanStatus.
const (
	PlanInProgress  PlanStatus = "in_progress"
	PlanDeclared    PlanStatus = "declared_ready"
	PlanAccepted    PlanStatus = "accepted"
	PlanConditional PlanStatus = "conditionally_accepted"
	PlanRejected    PlanStatus = "rejected"
)

var planStatuses = table[PlanStatus]{
	{PlanInProgress, "进行中"}, {PlanDeclared, "已申报具备供热条件"}, {PlanAccepted, "验收通过"}, {PlanConditional, "有条件通过"}, {PlanRejected, "验收不通过"},
}

// Values of PlanStatus, for ent.
func (PlanStatus) Values() []string { return planStatuses.values() }

// Valid tells whether p is a PlanStatus.
func (p PlanStatus) Valid() bool { return planStatuses.valid(p) }

// Label is p in Chinese.
func (p PlanStatus) Label() string { return planStatuses.label(p) }

// PlanStatuses lists the values in order.
func PlanStatuses() []PlanStatus { return planStatuses.codes() }

// ParsePlanStatus reads a code or a label.
func ParsePlanStatus(s string) (PlanStatus, bool) { return planStatuses.parse(s) }

// ItemCategory is what a readiness item is for.
type ItemCategory string

// The values of ItemCategory.
const (
	ItemBoilerAux       ItemCategory = "boiler_aux"
	ItemHeatNetwork     ItemCategory = "heat_network"
	ItemExchangeStation ItemCategory = "exchange_station"
	ItemGasFacility     ItemCategory = "gas_facility"
	ItemCalibration     ItemCategory = "calibration"
	ItemHouseholdFix    ItemCategory = "household_fix"
	ItemNetworkRenewal  ItemCategory = "network_renewal"
	ItemTrialRun        ItemCategory = "trial_run"
	ItemSupplies        ItemCategory = "supplies"
	ItemStaffing        ItemCategory = "staffing"
	ItemContingency     ItemCategory = "contingency"
	ItemOther           ItemCategory = "other"
)

var itemCategories = table[ItemCategory]{
	{ItemBoilerAux, "锅炉及辅机检修"}, {ItemHeatNetwork, "热力管网"}, {ItemExchangeStation, "换热站"}, {ItemGasFacility, "燃气设施"}, {ItemCalibration, "年度校验"}, {ItemHouseholdFix, "入户查找问题/户内改造"}, {ItemNetworkRenewal, "旧管网改造"}, {ItemTrialRun, "注水打压冷态循环"}, {ItemSupplies, "燃料合同储备"}, {ItemStaffing, "持证上岗/供热管家"}, {ItemContingency, "应急预案/优先保障供暖方案"}, {ItemOther, "其他"},
}

// Values of ItemCategory, for ent.
func (ItemCategory) Values() []string { return itemCategories.values() }

// Valid tells whether i is a ItemCategory.
func (i ItemCategory) Valid() bool { return itemCategories.valid(i) }

// Label is i in Chinese.
func (i ItemCategory) Label() string { return itemCategories.label(i) }

// ItemCategorys lists the values in order.
func ItemCategorys() []ItemCategory { return itemCategories.codes() }

// ParseItemCategory reads a code or a label.
func ParseItemCategory(s string) (ItemCategory, bool) { return itemCategories.parse(s) }

// ItemStatus is where a readiness item stands.
type ItemStatus string

// The values of ItemStatus.
const (
	ItemTodo       ItemStatus = "todo"
	ItemInProgress ItemStatus = "in_progress"
	ItemDone       ItemStatus = "done"
	ItemVerified   ItemStatus = "verified"
	ItemRejected   ItemStatus = "rejected"
	ItemWaived     ItemStatus = "waived"
)

var itemStatuses = table[ItemStatus]{
	{ItemTodo, "待办"}, {ItemInProgress, "进行中"}, {ItemDone, "已完成"}, {ItemVerified, "复核通过"}, {ItemRejected, "退回"}, {ItemWaived, "不适用"},
}

// Values of ItemStatus, for ent.
func (ItemStatus) Values() []string { return itemStatuses.values() }

// Valid tells whether i is a ItemStatus.
func (i ItemStatus) Valid() bool { return itemStatuses.valid(i) }

// Label is i in Chinese.
func (i ItemStatus) Label() string { return itemStatuses.label(i) }

// ItemStatuses lists the values in order.
func ItemStatuses() []ItemStatus { return itemStatuses.codes() }

// ParseItemStatus reads a code or a label.
func ParseItemStatus(s string) (ItemStatus, bool) { return itemStatuses.parse(s) }

// ItemSource is where a readiness item came from.
type ItemSource string

// The values of ItemSource.
const (
	FromRegister  ItemSource = "register"
	FromManual    ItemSource = "manual"
	FromHazard    ItemSource = "hazard"
	FromCondition ItemSource = "condition"
)

var itemSources = table[ItemSource]{
	{FromRegister, "台账生成"}, {FromManual, "手工添加"}, {FromHazard, "隐患"}, {FromCondition, "验收条件"},
}

// Values of ItemSource, for ent.
func (ItemSource) Values() []string { return itemSources.values() }

// Valid tells whether i is a ItemSource.
func (i ItemSource) Valid() bool { return itemSources.valid(i) }

// Label is i in Chinese.
func (i ItemSource) Label() string { return itemSources.label(i) }

// ItemSources lists the values in order.
func ItemSources() []ItemSource { return itemSources.codes() }

// ParseItemSource reads a code or a label.
func ParseItemSource(s string) (ItemSource, bool) { return itemSources.parse(s) }

// AcceptanceResult is what a readiness acceptance decided.
type AcceptanceResult string

// The values of AcceptanceResult.
const (
	AcceptPass        AcceptanceResult = "pass"
	AcceptConditional AcceptanceResult = "conditional"
	AcceptFail        AcceptanceResult = "fail"
)

var acceptanceResults = table[AcceptanceResult]{
	{AcceptPass, "验收通过"}, {AcceptConditional, "有条件通过"}, {AcceptFail, "验收不通过"},
}

// Values of AcceptanceResult, for ent.
func (AcceptanceResult) Values() []string { return acceptanceResults.values() }

// Valid tells whether a is a AcceptanceResult.
func (a AcceptanceResult) Valid() bool { return acceptanceResults.valid(a) }

// Label is a in Chinese.
func (a AcceptanceResult) Label() string { return acceptanceResults.label(a) }

// AcceptanceResults lists the values in order.
func AcceptanceResults() []AcceptanceResult { return acceptanceResults.codes() }

// ParseAcceptanceResult reads a code or a label.
func ParseAcceptanceResult(s string) (AcceptanceResult, bool) { return acceptanceResults.parse(s) }
