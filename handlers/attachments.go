package handlers

import (
	"io"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
)

// MaxUpload caps one uploaded file (bytes).
const MaxUpload = ledger.MaxEvidence

// attachmentForm describes the multipart upload, for the OpenAPI document.
type attachmentForm struct {
	File  []byte `json:"file" validate:"required"`
	Stage string `json:"stage" validate:"required,oneof=before after"`
}

type attachmentOut struct {
	ID          uuid.UUID `json:"id"`
	HazardID    uuid.UUID `json:"hazard_id"`
	Stage       string    `json:"stage" enum:"AttachmentStage"`
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
		return nil, nil, services.Invalid(services.FieldError{Field: "file", Message: "send the file as multipart/form-data field \"file\""})
	}
	if fh.Size > MaxUpload {
		return nil, nil, tooLarge(MaxUpload, true)
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
		return nil, nil, tooLarge(MaxUpload, true)
	}
	return fh, data, nil
}

// addAttachment handles POST /api/v1/hazards/{id}/attachments (multipart:
// file, stage).
func (a *api) addAttachment(c *fiber.Ctx) error {
	h, err := a.hazardOf(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	// Refuse before reading the upload what would be refused after it.
	stage := c.FormValue("stage")
	if _, err := a.Ledger.AttachReady(ctx, h.ID, stage); err != nil {
		return err
	}
	fh, data, err := readUpload(c)
	if err != nil {
		return err
	}
	x, err := a.Ledger.Attach(ctx, h.ID, ledger.Evidence{Stage: stage, Filename: fh.Filename, Data: data})
	if err != nil {
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
	return a.sendFile(c, stored{Key: x.StorageKey, Filename: x.Filename, ContentType: x.ContentType, SHA256: x.Sha256, ID: x.ID})
}
