package handlers

import (
	"context"
	"errors"
	"io"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/storage"
)

// The documents of the heating records (an inspection record's report, a
// readiness item's evidence) answer alike wherever they hang.

// documentForm describes a document's multipart upload, for OpenAPI.
type documentForm struct {
	File []byte `json:"file" validate:"required"`
}

type documentOut struct {
	ID          uuid.UUID `json:"id"`
	Owner       string    `json:"owner"`
	OwnerID     uuid.UUID `json:"owner_id"`
	Filename    string    `json:"filename"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  uuid.UUID `json:"uploaded_by"`
	Uploader    string    `json:"uploaded_by_name"`
	CreatedAt   time.Time `json:"created_at"`
	URL         string    `json:"url"`
}

// toDocument is d as the API shows it, downloadable under dir.
func toDocument(d *ent.Document, dir string) documentOut {
	return documentOut{ID: d.ID, Owner: d.Owner, OwnerID: d.OwnerID, Filename: d.Filename, ContentType: d.ContentType,
		Size: d.Size, SHA256: d.Sha256, UploadedBy: d.UploadedBy, Uploader: d.UploadedByName, CreatedAt: d.CreatedAt,
		URL: dir + d.ID.String()}
}

// recordDocs is where an inspection record's documents are.
func recordDocs(equipmentID, recordID uuid.UUID) string {
	return v1 + "/equipment/" + equipmentID.String() + "/inspections/" + recordID.String() + "/documents/"
}

// itemDocs is where a readiness item's documents are.
func itemDocs(planID, itemID uuid.UUID) string {
	return v1 + "/readiness/plans/" + planID.String() + "/items/" + itemID.String() + "/documents/"
}

// stored is a kept file as sendFile answers it: a hazard's evidence or a
// document.
type stored struct {
	Key, Filename, ContentType, SHA256 string
	ID                                 uuid.UUID
}

// sendFile answers the bytes of a kept file as a download. A record whose
// bytes are gone (a lost disk, a restore without the files) answers 404
// attachment_missing and leaves a trace for the operators.
func (a *api) sendFile(c *fiber.Ctx, f stored) error {
	ctx := c.UserContext()
	r, err := a.Storage.Open(ctx, f.Key)
	if errors.Is(err, storage.ErrNotFound) {
		a.Log.Error("stored file missing", "record", f.ID, "key", f.Key)
		return services.Errorf(services.KindNotFound, "attachment_missing",
			"文件已丢失，请联系平台运维人员 (the file is missing from storage; tell the platform's operators)")
	}
	if err != nil {
		return err
	}
	defer r.Close()
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, f.ContentType)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set(fiber.HeaderContentDisposition, "attachment; filename*=UTF-8''"+url.PathEscape(f.Filename))
	c.Set(fiber.HeaderETag, `"`+f.SHA256+`"`)
	return c.Send(data)
}

// docFile is a document as sendFile answers it.
func docFile(d *ent.Document) stored {
	return stored{Key: d.StorageKey, Filename: d.Filename, ContentType: d.ContentType, SHA256: d.Sha256, ID: d.ID}
}

// patchRecord handles a PATCH of a versioned record: the record in the
// caller's scope first (404 before anything else), then If-Match, the body
// and the service's edit; the answer carries the new ETag.
func patchRecord[In, R any](a *api, c *fiber.Ctx, get func(context.Context, uuid.UUID) (R, error),
	edit func(context.Context, uuid.UUID, int64, In) (R, error), version func(R) int64, out func(R) any) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := get(c.UserContext(), id); err != nil {
		return err
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[In](c, a.BodyLimit)
	if err != nil {
		return err
	}
	r, err := edit(c.UserContext(), id, ver, *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(version(r)))
	return c.JSON(out(r))
}
