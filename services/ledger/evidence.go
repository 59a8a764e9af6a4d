package ledger

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"unicode"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// MaxEvidence caps one evidence file (bytes); MaxAttachments the files of
// one hazard, so evidence cannot fill the disk.
const (
	MaxEvidence    = 10 << 20
	MaxAttachments = 50
)

// evidenceTypes are the kinds of evidence kept, by content sniffed from the
// bytes; the name a client gives a file decides nothing.
var evidenceTypes = map[string]string{
	"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif",
	"application/pdf": ".pdf",
}

// Evidence is one file attached to a hazard: before or after the
// rectification.
type Evidence struct {
	Stage    string
	Filename string
	Data     []byte
}

// checkStage holds a stage to its two values.
func checkStage(stage string) error {
	if stage != "before" && stage != "after" {
		return services.Invalid(services.Field("stage", "must be before or after"))
	}
	return nil
}

// AttachReady tells whether the hazard id takes one more file of stage
// from the viewer: not closed, a stage of the two, not full. Handlers ask
// before reading an upload.
func (s *Service) AttachReady(ctx context.Context, id uuid.UUID, stage string) (*ent.Hazard, error) {
	h, err := s.client.Hazard.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if h.Status == enum.StatusVerified && policy.FromContext(ctx).Scope() != policy.ScopeDistrict {
		return nil, transitionError(h, "verified hazards are closed; only the bureau adds to them")
	}
	if err := checkStage(stage); err != nil {
		return nil, err
	}
	if n, err := h.QueryAttachments().Count(ctx); err != nil {
		return nil, err
	} else if n >= MaxAttachments {
		return nil, errFull
	}
	return h, nil
}

// Attach stores a file of evidence for the hazard id. The file is stored
// before its record is written; if the record fails, the file is removed.
func (s *Service) Attach(ctx context.Context, id uuid.UUID, in Evidence) (*ent.Attachment, error) {
	h, err := s.AttachReady(ctx, id, in.Stage)
	if err != nil {
		return nil, err
	}
	ctype, _, err := Sniff(in.Data)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(in.Data)
	v := policy.FromContext(ctx)
	aid := uuid.Must(uuid.NewV7())
	key := fmt.Sprintf("%s/hazards/%s/%s%s", h.TenantID, h.ID, aid, evidenceTypes[ctype])
	if err := s.storage.Put(ctx, key, bytes.NewReader(in.Data)); err != nil {
		return nil, err
	}
	name := baseName(in.Filename)
	if name == "" {
		name = aid.String() + evidenceTypes[ctype]
	}
	var x *ent.Attachment
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		// The cap again, under the hazard's lock: uploads racing for the
		// last place do not all get it.
		if h, err = lockHazard(ctx, tx, h.ID); err != nil {
			return err
		}
		// Closed, or moved, since it was read: the record follows the
		// hazard as it is now.
		if h.Status == enum.StatusVerified && v.Scope() != policy.ScopeDistrict {
			return transitionError(h, "verified hazards are closed; only the bureau adds to them")
		}
		if n, err := tx.Attachment.Query().Where(attachment.HazardID(h.ID)).Count(ctx); err != nil {
			return err
		} else if n >= MaxAttachments {
			return errFull
		}
		x, err = tx.Attachment.Create().SetID(aid).SetHazardID(h.ID).SetCompanyID(h.CompanyID).SetStreetID(h.StreetID).
			SetStage(attachment.Stage(in.Stage)).SetFilename(name).SetContentType(ctype).SetSize(int64(len(in.Data))).
			SetSha256(hex.EncodeToString(sum[:])).SetStorageKey(key).SetUploadedBy(v.UserID).
			SetUploadedByName(personName(v)).Save(ctx)
		if err != nil {
			return err
		}
		return addEvent(ctx, tx, v, h, "attachment_added", "", "", "",
			map[string]any{"attachment_id": x.ID, "stage": in.Stage, "filename": name})
	})
	if err != nil {
		s.storage.Delete(ctx, key)
		return nil, err
	}
	return x, nil
}

// Sniff is the content type of a file of evidence, read from its bytes,
// and the extension it is stored under; or why it is refused: empty,
// larger than MaxEvidence, or not a photo or a PDF. Every module's evidence
// goes through it.
func Sniff(data []byte) (ctype, ext string, err error) {
	if len(data) == 0 {
		return "", "", services.Invalid(services.Field("file", "is empty"))
	}
	if len(data) > MaxEvidence {
		return "", "", services.Errorf(services.KindTooLarge, "payload_too_large", "a file may be at most %d MiB", MaxEvidence>>20)
	}
	ctype = http.DetectContentType(data)
	if i := strings.IndexByte(ctype, ';'); i >= 0 {
		ctype = ctype[:i]
	}
	ext, ok := evidenceTypes[ctype]
	if !ok {
		return "", "", &services.Error{Kind: services.KindUnsupported, Code: "unsupported_file_type",
			Message: "evidence must be a JPEG, PNG, WebP or GIF photo, or a PDF; this file is " + ctype}
	}
	return ctype, ext, nil
}

// BaseName is the name of a client's file to show (baseName).
func BaseName(name string) string { return baseName(name) }

var errFull = services.Errorf(services.KindConflict, "too_many_attachments", "a hazard keeps at most %d files of evidence", MaxAttachments)

// baseName is the last part of a client's file name, whichever system's
// separators it uses (a browser on Windows sends C:\照片\a.png), without
// control characters or invalid UTF-8: a name to show, never a path. It is
// "" when nothing of use is left.
func baseName(name string) string {
	name = strings.ToValidUTF8(name, "")
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name))
	if len(name) > 255 || name == "." || name == ".." {
		return ""
	}
	return name
}
