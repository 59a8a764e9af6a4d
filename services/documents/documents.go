// Package documents keeps the files of the heating records (an inspection
// record's report, a readiness item's evidence): one Document row each,
// owner + owner_id, its bytes in storage. The file is checked as the
// ledger's evidence is (ledger.Sniff: a photo or a PDF, 10 MiB), a record
// keeps at most Of.Max of them, counted again under a lock so that racing
// uploads do not all get the last place, and a file whose row fails is
// removed again.
package documents

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/storage"
)

// Of is the record documents hang on.
type Of struct {
	Owner                         string    // the record's kind (document.owner)
	ID                            uuid.UUID // the record
	TenantID, CompanyID, StreetID uuid.UUID
	Dir                           string // the storage folder under the district: "inspections", "readiness"
	Max                           int    // documents one record keeps
	Full                          error  // the refusal once it keeps Max
}

// Count is how many documents the record has.
func Count(ctx context.Context, c *ent.Client, of Of) (int, error) {
	return c.Document.Query().Where(document.Owner(of.Owner), document.OwnerID(of.ID)).Count(ctx)
}

// Ready refuses one more document of a full record: handlers ask before
// reading an upload.
func Ready(ctx context.Context, c *ent.Client, of Of) error {
	if n, err := Count(ctx, c, of); err != nil {
		return err
	} else if n >= of.Max {
		return of.Full
	}
	return nil
}

// Attach stores data, the client's file filename, as a document of of, by
// the viewer. lock holds the row the record's documents are counted under
// in the transaction, the row a move of the record to another street
// updates, and gives the street the record is in under it: the document is
// scoped to that street, not to the one of.StreetID was read with before
// (a move committed in between carries every document but this one).
// after, if not nil, writes what goes with the document (its history) in
// the same transaction.
func Attach(ctx context.Context, c *ent.Client, store storage.Store, of Of, filename string, data []byte,
	lock func(tx *ent.Tx) (street uuid.UUID, err error), after func(tx *ent.Tx, d *ent.Document) error) (*ent.Document, error) {
	if err := Ready(ctx, c, of); err != nil {
		return nil, err
	}
	ctype, ext, err := ledger.Sniff(data)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	sum := sha256.Sum256(data)
	did := uuid.Must(uuid.NewV7())
	key := fmt.Sprintf("%s/%s/%s/%s%s", of.TenantID, of.Dir, of.ID, did, ext)
	if err := store.Put(ctx, key, bytes.NewReader(data)); err != nil {
		return nil, err
	}
	name := ledger.BaseName(filename)
	if name == "" {
		name = did.String() + ext
	}
	var d *ent.Document
	err = services.InTx(ctx, c, func(tx *ent.Tx) error {
		street, err := lock(tx)
		if err != nil {
			return err
		}
		if n, err := Count(ctx, tx.Client(), of); err != nil {
			return err
		} else if n >= of.Max {
			return of.Full
		}
		d, err = tx.Document.Create().SetID(did).SetOwner(of.Owner).SetOwnerID(of.ID).SetCompanyID(of.CompanyID).
			SetStreetID(street).SetFilename(name).SetContentType(ctype).SetSize(int64(len(data))).
			SetSha256(hex.EncodeToString(sum[:])).SetStorageKey(key).SetUploadedBy(v.UserID).
			SetUploadedByName(personName(v)).Save(ctx)
		if err != nil || after == nil {
			return err
		}
		return after(tx, d)
	})
	if err != nil {
		store.Delete(ctx, key)
		return nil, err
	}
	return d, nil
}

// personName is how the viewer is named on a document.
func personName(v *policy.Viewer) string {
	if n := strings.TrimSpace(v.DisplayName); n != "" {
		return n
	}
	return v.Username
}

// Move scopes the documents of the records ids (of the kind owner) to
// street, in tx: what a record carries moves with it. One update each,
// as the audit trail takes them.
func Move(ctx context.Context, tx *ent.Tx, owner string, ids []uuid.UUID, street uuid.UUID) error {
	if len(ids) == 0 {
		return nil
	}
	docs, err := tx.Document.Query().Where(document.Owner(owner), document.OwnerIDIn(ids...), document.StreetIDNEQ(street)).IDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range docs {
		if err := tx.Document.UpdateOneID(id).SetStreetID(street).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
