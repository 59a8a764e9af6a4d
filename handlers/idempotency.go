package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/idempotencykey"
	"github.com/hearthsafety/hearth/policy"
)

// idempotencyTTL is how long a key's first answer is kept for replays.
const idempotencyTTL = 24 * time.Hour

// abandonAfter is how long a claimed key may stay without an answer before
// a retry takes it over: the first request died (a crash, a lost process).
const abandonAfter = 5 * time.Minute

// replayedHeaders are the headers of the first answer a replay repeats.
var replayedHeaders = []string{fiber.HeaderContentType, fiber.HeaderETag, fiber.HeaderLocation}

// idempotent makes a create safe to retry: with an Idempotency-Key header,
// the first request's successful answer is kept for the user, a retry with
// the same key and body gets that answer and makes nothing, and the same key
// with another body is refused. A key is claimed before the create runs, so a
// concurrent duplicate answers 409 instead of creating twice.
func (a *api) idempotent(c *fiber.Ctx) error {
	key := c.Get("Idempotency-Key")
	if key == "" {
		return c.Next()
	}
	if len(key) > 200 || !storableText(key) {
		return invalid(FieldError{Field: "Idempotency-Key", Message: "must be UTF-8 text of at most 200 bytes, without NUL"})
	}
	v := viewer(c)
	hash, err := requestHash(c)
	if err != nil {
		return err
	}
	// Keys belong to their user, not to a district's rows: read them as System.
	sys := policy.System(c.UserContext())
	cutoff := a.Now().Add(-idempotencyTTL)
	prev, err := a.Client.IdempotencyKey.Query().Where(idempotencykey.UserID(v.UserID), idempotencykey.Key(key)).Only(sys)
	switch {
	case err == nil && (prev.CreatedAt.Before(cutoff) || (prev.Status == 0 && prev.CreatedAt.Before(a.Now().Add(-abandonAfter)))):
		if err := a.Client.IdempotencyKey.DeleteOneID(prev.ID).Exec(sys); err != nil {
			return err
		}
	case err == nil:
		return replay(c, prev, hash)
	case !ent.IsNotFound(err):
		return err
	}
	claim, err := a.Client.IdempotencyKey.Create().SetUserID(v.UserID).SetKey(key).SetRequestHash(hash).
		SetCreatedAt(a.Now()).Save(sys)
	if ent.IsConstraintError(err) {
		return errorf(http.StatusConflict, "request_in_progress", "a request with this Idempotency-Key is still running")
	} else if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			a.Client.IdempotencyKey.DeleteOneID(claim.ID).Exec(sys) // it made nothing it could answer with
			panic(p)
		}
	}()
	err = c.Next()
	status := c.Response().StatusCode()
	if err != nil || status < 200 || status > 299 {
		// Nothing was made: free the key so the client may try again.
		a.Client.IdempotencyKey.DeleteOneID(claim.ID).Exec(sys)
		return err
	}
	headers := map[string]string{}
	for _, h := range replayedHeaders {
		if val := c.GetRespHeader(h); val != "" {
			headers[h] = val
		}
	}
	return a.Client.IdempotencyKey.UpdateOneID(claim.ID).SetStatus(status).
		SetBody(append([]byte(nil), c.Response().Body()...)).SetHeaders(headers).Exec(sys)
}

// requestHash fingerprints a request: method, URL and body; for a multipart
// body its fields and files, since the boundary differs on every retry.
func requestHash(c *fiber.Ctx) (string, error) {
	h := sha256.New()
	h.Write([]byte(c.Method() + " " + c.OriginalURL() + "\n"))
	form, err := c.MultipartForm()
	if err != nil {
		h.Write(c.Body())
		return hex.EncodeToString(h.Sum(nil)), nil
	}
	for _, k := range slices.Sorted(maps.Keys(form.Value)) {
		fmt.Fprintf(h, "v %q %q\n", k, form.Value[k])
	}
	for _, k := range slices.Sorted(maps.Keys(form.File)) {
		for _, fh := range form.File[k] {
			f, err := fh.Open()
			if err != nil {
				return "", err
			}
			fmt.Fprintf(h, "f %q %q %d\n", k, fh.Filename, fh.Size)
			_, err = io.Copy(h, f)
			f.Close()
			if err != nil {
				return "", err
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func replay(c *fiber.Ctx, prev *ent.IdempotencyKey, hash string) error {
	if prev.RequestHash != hash {
		return errorf(http.StatusUnprocessableEntity, "idempotency_key_reused",
			"this Idempotency-Key was used for a different request")
	}
	if prev.Status == 0 {
		return errorf(http.StatusConflict, "request_in_progress", "a request with this Idempotency-Key is still running")
	}
	for h, val := range prev.Headers {
		c.Set(h, val)
	}
	c.Set("Idempotent-Replayed", "true")
	return c.Status(prev.Status).Send(prev.Body)
}
