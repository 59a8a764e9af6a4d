package handlers

import (
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
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
