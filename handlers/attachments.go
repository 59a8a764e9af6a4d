package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/policy"
)

// MaxUpload caps one evidence file (bytes); maxAttachments the files of one
// hazard, so evidence cannot fill the disk.
const (
	MaxUpload      = 10 << 20
	maxAttachments = 50
)

// evidenceTypes are the kinds of evidence kept, by content sniffed from the
// bytes; the name a client gives a file decides nothing.
var evidenceTypes = map[string]string{
	"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif",
	"application/pdf": ".pdf",
}

// attachmentForm describes the multipart upload, for the OpenAPI document.
type attachmentForm struct {
	File  []byte `json:"file" validate:"required"`
	Stage string `json:"stage" validate:"required,oneof=before after"`
}

type attachmentOut struct {
	ID          uuid.UUID `json:"id"`
	HazardID    uuid.UUID `json:"hazard_id"`
	Stage       string    `json:"stage"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  uuid.UUID `json:"uploaded_by"`
	Uploader    string    `json:"uploaded_by_name"`
	CreatedAt   time.Time `json:"created_at"`
	URL         string    `json:"url"`
}

func toAttachment(x *ent.Attachment) attachmentOut {
	return attachmentOut{ID: x.ID, HazardID: x.HazardID, Stage: string(x.Stage), Filename: x.Filename,
		ContentType: x.ContentType, Size: x.Size, SHA256: x.Sha256, UploadedBy: x.UploadedBy,
		Uploader: x.UploadedByName, CreatedAt: x.CreatedAt,
		URL: "/api/v1/hazards/" + x.HazardID.String() + "/attachments/" + x.ID.String()}
}

// readUpload reads the multipart field `file` whole, capped at MaxUpload.
func readUpload(c *fiber.Ctx) (*multipart.FileHeader, []byte, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, nil, invalid(FieldError{Field: "file", Message: "send the file as multipart/form-data field \"file\""})
	}
	if fh.Size > MaxUpload {
		return nil, nil, errorf(http.StatusRequestEntityTooLarge, "payload_too_large",
			"a file may be at most %d MiB", MaxUpload>>20)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxUpload+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > MaxUpload {
		return nil, nil, errorf(http.StatusRequestEntityTooLarge, "payload_too_large",
			"a file may be at most %d MiB", MaxUpload>>20)
	}
	return fh, data, nil
}

// addAttachment handles POST /api/v1/hazards/{id}/attachments (multipart:
// file, stage). The file is stored before the record is written; if the
// record fails, the file is removed again.
func (a *api) addAttachment(c *fiber.Ctx) error {
	h, err := a.hazardOf(c)
	if err != nil {
		return err
	}
	if h.Status == hazard.StatusVerified && viewer(c).Scope() != policy.ScopeDistrict {
		return transitionError(h, "verified hazards are closed; only the bureau adds to them")
	}
	stage := c.FormValue("stage")
	if stage != "before" && stage != "after" {
		return invalid(FieldError{Field: "stage", Message: "must be before or after"})
	}
	ctx := c.UserContext()
	if n, err := h.QueryAttachments().Count(ctx); err != nil {
		return err
	} else if n >= maxAttachments {
		return errorf(http.StatusConflict, "too_many_attachments", "a hazard keeps at most %d files of evidence", maxAttachments)
	}
	fh, data, err := readUpload(c)
	if err != nil {
		return err
	}
	if len(data) == 0 {
		return invalid(FieldError{Field: "file", Message: "is empty"})
	}
	ctype := http.DetectContentType(data)
	if i := strings.IndexByte(ctype, ';'); i >= 0 {
		ctype = ctype[:i]
	}
	if _, ok := evidenceTypes[ctype]; !ok {
		return &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_file_type",
			Message: "evidence must be a JPEG, PNG, WebP or GIF photo, or a PDF; this file is " + ctype}
	}
	sum := sha256.Sum256(data)
	v := viewer(c)
	id := uuid.Must(uuid.NewV7())
	key := fmt.Sprintf("%s/hazards/%s/%s%s", h.TenantID, h.ID, id, evidenceTypes[ctype])
	if err := a.Storage.Put(ctx, key, bytes.NewReader(data)); err != nil {
		return err
	}
	name := strings.ToValidUTF8(filepath.Base(fh.Filename), "")
	if len(name) > 255 || name == "." || name == "/" {
		name = id.String() + evidenceTypes[ctype]
	}
	var x *ent.Attachment
	err = a.withTx(ctx, func(tx *ent.Tx) error {
		x, err = tx.Attachment.Create().SetID(id).SetHazardID(h.ID).SetCompanyID(h.CompanyID).SetStreetID(h.StreetID).
			SetStage(attachment.Stage(stage)).SetFilename(name).SetContentType(ctype).SetSize(int64(len(data))).
			SetSha256(hex.EncodeToString(sum[:])).SetStorageKey(key).SetUploadedBy(v.UserID).
			SetUploadedByName(v.Username).Save(ctx)
		if err != nil {
			return err
		}
		return addEvent(ctx, tx, v, h, "attachment_added", "", "", "",
			map[string]any{"attachment_id": x.ID, "stage": stage, "filename": name})
	})
	if err != nil {
		a.Storage.Delete(ctx, key)
		return err
	}
	out := toAttachment(x)
	c.Set(fiber.HeaderLocation, out.URL)
	return c.Status(http.StatusCreated).JSON(out)
}

// listAttachments handles GET /api/v1/hazards/{id}/attachments.
func (a *api) listAttachments(c *fiber.Ctx) error {
	h, err := a.hazardOf(c)
	if err != nil {
		return err
	}
	rows, err := a.Client.Attachment.Query().Where(attachment.HazardID(h.ID)).
		Order(ent.Asc(attachment.FieldID)).All(c.UserContext())
	if err != nil {
		return err
	}
	out := list[attachmentOut]{Items: make([]attachmentOut, len(rows))}
	for i, x := range rows {
		out.Items[i] = toAttachment(x)
	}
	return c.JSON(out)
}

// getAttachment handles GET /api/v1/hazards/{id}/attachments/{aid}: the file.
func (a *api) getAttachment(c *fiber.Ctx) error {
	h, err := a.hazardOf(c)
	if err != nil {
		return err
	}
	aid, err := idParam(c, "aid")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	x, err := a.Client.Attachment.Query().Where(attachment.ID(aid), attachment.HazardID(h.ID)).Only(ctx)
	if err != nil {
		return err
	}
	r, err := a.Storage.Open(ctx, x.StorageKey)
	if err != nil {
		return err
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, x.ContentType)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set(fiber.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(x.Filename))
	c.Set(fiber.HeaderETag, `"`+x.Sha256+`"`)
	return c.Send(data)
}
