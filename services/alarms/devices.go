package alarms

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmdevice"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/documents"
)

// DeviceInput is a new device at a premise, as POST /premises/{id}/devices
// and an import row give it. Its service life and replacement date follow
// from the premise's user type (CJJ/T 146).
type DeviceInput struct {
	SerialNo           string             `json:"serial_no" validate:"required,max=60"`
	Model              string             `json:"model" validate:"max=60"`
	Manufacturer       string             `json:"manufacturer" validate:"max=100"`
	Detects            *enum.Detects      `json:"detects" validate:"omitnil,enum"`
	Networked          bool               `json:"networked"`
	PlatformID         string             `json:"platform_id" validate:"max=60"`
	ShutoffLinked      bool               `json:"shutoff_linked"`
	ValveSerial        string             `json:"valve_serial" validate:"max=60"`
	InstalledOn        string             `json:"installed_on" validate:"required,date"`
	Installer          string             `json:"installer" validate:"max=50"`
	CheckHeight        bool               `json:"check_height"`
	CheckDistance      bool               `json:"check_distance"`
	CheckNotAboveStove bool               `json:"check_not_above_stove"`
	CampaignID         *uuid.UUID         `json:"campaign_id"`
	Status             *enum.DeviceStatus `json:"status" validate:"omitnil,enum"`
	Note               string             `json:"note" validate:"max=500"`
}

// DevicePatch changes a device: its status (online, offline, faulty,
// removed) and what may be corrected; nil leaves a field as it is.
type DevicePatch struct {
	Status        *enum.DeviceStatus `json:"status" validate:"omitnil,enum"`
	Networked     *bool              `json:"networked"`
	PlatformID    *string            `json:"platform_id" validate:"omitnil,max=60"`
	ShutoffLinked *bool              `json:"shutoff_linked"`
	ValveSerial   *string            `json:"valve_serial" validate:"omitnil,max=60"`
	Model         *string            `json:"model" validate:"omitnil,max=60"`
	Manufacturer  *string            `json:"manufacturer" validate:"omitnil,max=100"`
	Installer     *string            `json:"installer" validate:"omitnil,max=50"`
	Note          *string            `json:"note" validate:"omitnil,max=500"`
}

// newStatuses are the statuses a device may be recorded in.
var newStatuses = []enum.DeviceStatus{enum.DeviceInstalled, enum.DeviceOnline, enum.DeviceOffline}

// patchStatuses are the statuses a PATCH may move a device to; replaced is
// the new device's doing.
var patchStatuses = []enum.DeviceStatus{enum.DeviceInstalled, enum.DeviceOnline, enum.DeviceOffline, enum.DeviceFaulty, enum.DeviceRemoved}

// errSerial is the 409 of a serial number recorded already.
func errSerial(serial string) *services.Error {
	return services.Errorf(services.KindConflict, "device_exists", "报警器编号 %s 已登记，请勿重复登记", serial)
}

// checkDevice holds a device to the rules a form cannot.
func (s *Service) checkDevice(ctx context.Context, in *DeviceInput, today string) ([]services.FieldError, error) {
	var bad []services.FieldError
	if services.ValidDate(in.InstalledOn) && in.InstalledOn > today {
		bad = append(bad, services.Field("installed_on", "cannot be in the future"))
	}
	if in.Status != nil && !slices.Contains(newStatuses, *in.Status) {
		bad = append(bad, services.Field("status", "a new device is installed, online or offline"))
	}
	if in.CampaignID != nil {
		if _, err := s.client.AlarmCampaign.Get(ctx, *in.CampaignID); ent.IsNotFound(err) {
			bad = append(bad, services.Field("campaign_id", "must be a campaign of this district"))
		} else if err != nil {
			return nil, err
		}
	}
	return bad, nil
}

// AddDevice records a device at the premise id. Under the premise's row
// lock it supersedes the premise's current device (→ replaced,
// superseded_by_id the new one) and becomes the current one, the premise's
// device state following in the same transaction; a device installed
// before the current one is history (recorded replaced by it). A valid
// device closes the premise's alarm_missing hazard.
func (s *Service) AddDevice(ctx context.Context, id uuid.UUID, in DeviceInput) (*ent.AlarmDevice, error) {
	v := policy.FromContext(ctx)
	if err := gasOnly(v); err != nil {
		return nil, err
	}
	if _, err := s.client.Premise.Get(ctx, id); err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	today := s.Today(ctx)
	bad, err := s.checkDevice(ctx, &in, today)
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	rp, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	var out *ent.AlarmDevice
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		p, err := lockPremise(ctx, tx, id)
		if err != nil {
			return err
		}
		if taken, err := tx.AlarmDevice.Query().Where(alarmdevice.TenantID(v.TenantID), alarmdevice.SerialNo(in.SerialNo)).Exist(policy.System(ctx)); err != nil {
			return err
		} else if taken {
			return errSerial(in.SerialNo)
		}
		out, _, err = s.addDevice(ctx, tx, rp, p, &in, today)
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, errSerial(in.SerialNo)
	}
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return out, nil
}

// deviceCreate is the insert of a checked device at p.
func deviceCreate(tx *ent.Tx, p *ent.Premise, in *DeviceInput) (*ent.AlarmDeviceCreate, error) {
	life := ServiceLife(p.UserType)
	replace, err := ReplaceOn(in.InstalledOn, life)
	if err != nil {
		return nil, err
	}
	status := enum.DeviceInstalled
	if in.Status != nil {
		status = *in.Status
	}
	detects := enum.DetectsMethane
	if p.GasKind == enum.GasLpg {
		detects = enum.DetectsPropane
	}
	if in.Detects != nil {
		detects = *in.Detects
	}
	return tx.AlarmDevice.Create().SetPremiseID(p.ID).SetCompanyID(p.CompanyID).SetStreetID(p.StreetID).
		SetNillableCampaignID(in.CampaignID).SetSerialNo(in.SerialNo).SetModel(in.Model).
		SetManufacturer(in.Manufacturer).SetDetects(detects).SetNetworked(in.Networked).SetPlatformID(in.PlatformID).
		SetShutoffLinked(in.ShutoffLinked).SetValveSerial(in.ValveSerial).SetInstalledOn(in.InstalledOn).
		SetInstaller(in.Installer).SetCheckHeight(in.CheckHeight).SetCheckDistance(in.CheckDistance).
		SetCheckNotAboveStove(in.CheckNotAboveStove).SetServiceLifeYears(life).SetReplaceOn(replace).
		SetStatus(status).SetNote(in.Note), nil
}

// addDevice writes a checked device at the locked premise p in tx and
// moves p (AddDevice, the import).
func (s *Service) addDevice(ctx context.Context, tx *ent.Tx, rp plannerT, p *ent.Premise, in *DeviceInput, today string) (*ent.AlarmDevice, *ent.Premise, error) {
	c, err := deviceCreate(tx, p, in)
	if err != nil {
		return nil, nil, err
	}
	var cur *ent.AlarmDevice
	if p.DeviceID != nil {
		if cur, err = tx.AlarmDevice.Get(ctx, *p.DeviceID); err != nil {
			return nil, nil, err
		}
	}
	if cur != nil && in.InstalledOn < cur.InstalledOn {
		// History entered late: replaced by the current one.
		d, err := c.SetStatus(enum.DeviceReplaced).SetSupersededByID(cur.ID).Save(ctx)
		return d, p, err
	}
	d, err := c.Save(ctx)
	if err != nil {
		return nil, nil, err
	}
	if cur != nil && cur.Status != enum.DeviceReplaced && cur.Status != enum.DeviceRemoved {
		if err := tx.AlarmDevice.UpdateOneID(cur.ID).AddVersion(1).SetStatus(enum.DeviceReplaced).
			SetSupersededByID(d.ID).Exec(ctx); err != nil {
			return nil, nil, err
		}
	} else if cur != nil {
		if err := tx.AlarmDevice.UpdateOneID(cur.ID).AddVersion(1).SetSupersededByID(d.ID).Exec(ctx); err != nil {
			return nil, nil, err
		}
	}
	np, err := tx.Premise.UpdateOneID(p.ID).Where(premise.Version(p.Version)).AddVersion(1).
		SetDeviceID(d.ID).SetDeviceReplaceOn(d.ReplaceOn).SetDeviceNetworked(d.Networked).
		SetDeviceShutoff(d.ShutoffLinked).SetDeviceStatus(d.Status).Save(ctx)
	if ent.IsNotFound(err) {
		return nil, nil, services.ErrStale
	} else if err != nil {
		return nil, nil, err
	}
	np, err = s.syncHazard(ctx, tx, rp, np, today, d.SerialNo)
	return d, np, err
}

// GetDevice reads a device in the viewer's scope.
func (s *Service) GetDevice(ctx context.Context, id uuid.UUID) (*ent.AlarmDevice, error) {
	return s.client.AlarmDevice.Get(ctx, id)
}

var errDeviceGone = services.Errorf(services.KindConflict, "device_retired", "该报警器已更换或拆除，不能再修改状态 (the device is replaced or removed)")

// EditDevice changes the device id at version: its status (online,
// offline, faulty, removed) or its details. When it is its premise's
// current device the premise's device state follows in the same
// transaction, under the premise's row lock; a removal or a fault at a
// restaurant opens its alarm_missing hazard.
func (s *Service) EditDevice(ctx context.Context, id uuid.UUID, version int64, in DevicePatch) (*ent.AlarmDevice, error) {
	v := policy.FromContext(ctx)
	if err := gasOnly(v); err != nil {
		return nil, err
	}
	cur, err := s.client.AlarmDevice.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if in.Status != nil && !slices.Contains(patchStatuses, *in.Status) {
		return nil, services.Invalid(services.Field("status", "must be installed, online, offline, faulty or removed (a new device replaces the old)"))
	}
	if cur.Status == enum.DeviceReplaced || cur.Status == enum.DeviceRemoved {
		return nil, errDeviceGone
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	rp, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	today := s.Today(ctx)
	var out *ent.AlarmDevice
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		p, err := lockPremise(ctx, tx, cur.PremiseID)
		if err != nil {
			return err
		}
		u := tx.AlarmDevice.UpdateOneID(id).Where(alarmdevice.Version(version)).AddVersion(1).
			SetNillableStatus(in.Status).SetNillableNetworked(in.Networked).SetNillablePlatformID(in.PlatformID).
			SetNillableShutoffLinked(in.ShutoffLinked).SetNillableValveSerial(in.ValveSerial).
			SetNillableModel(in.Model).SetNillableManufacturer(in.Manufacturer).SetNillableInstaller(in.Installer).
			SetNillableNote(in.Note)
		if in.Status != nil && *in.Status == enum.DeviceOnline {
			u.SetLastSeenAt(s.now())
		}
		if out, err = u.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
		} else if err != nil {
			return err
		}
		if p.DeviceID == nil || *p.DeviceID != out.ID {
			return nil
		}
		np, err := tx.Premise.UpdateOneID(p.ID).AddVersion(1).SetDeviceNetworked(out.Networked).
			SetDeviceShutoff(out.ShutoffLinked).SetDeviceStatus(out.Status).Save(ctx)
		if err != nil {
			return err
		}
		_, err = s.syncHazard(ctx, tx, rp, np, today, out.SerialNo)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return out, nil
}

// DocumentOwner names alarm devices as the owner of documents (photos of
// the installation).
const DocumentOwner = "alarm_device"

// MaxDocuments caps the files of one device.
const MaxDocuments = 10

var errFull = services.Errorf(services.KindConflict, "too_many_documents", "一个报警器最多保存 %d 个文件 (a device keeps at most %d files)", MaxDocuments, MaxDocuments)

// docsOf is the device as documents hang on it.
func docsOf(d *ent.AlarmDevice) documents.Of {
	return documents.Of{Owner: DocumentOwner, ID: d.ID, TenantID: d.TenantID, CompanyID: d.CompanyID,
		StreetID: d.StreetID, Dir: "alarms", Max: MaxDocuments, Full: errFull}
}

// AttachReady tells whether the device takes one more document: handlers
// ask before reading an upload.
func (s *Service) AttachReady(ctx context.Context, id uuid.UUID) (*ent.AlarmDevice, error) {
	if err := gasOnly(policy.FromContext(ctx)); err != nil {
		return nil, err
	}
	d, err := s.client.AlarmDevice.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return d, documents.Ready(ctx, s.client, docsOf(d))
}

// Attach stores a photo (or a PDF) of the device id, counted under the
// device's row lock.
func (s *Service) Attach(ctx context.Context, id uuid.UUID, filename string, data []byte) (*ent.Document, error) {
	d, err := s.AttachReady(ctx, id)
	if err != nil {
		return nil, err
	}
	return documents.Attach(ctx, s.client, s.storage, docsOf(d), filename, data, func(tx *ent.Tx) (uuid.UUID, error) {
		// A premise's move updates its devices' rows: the street is the
		// device's as it is under the lock.
		locked, err := services.Locked(func(forUpdate bool) (*ent.AlarmDevice, error) {
			q := tx.AlarmDevice.Query().Where(alarmdevice.ID(d.ID))
			if forUpdate {
				q.ForUpdate()
			}
			return q.Only(ctx)
		})
		if err != nil {
			return uuid.Nil, err
		}
		return locked.StreetID, nil
	}, nil)
}
