package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"

	"github.com/hearthsafety/hearth/services"

	"github.com/gofiber/fiber/v2"

	"github.com/hearthsafety/hearth/ent"
)

// localReplayBody is what a handler keeps for a replay instead of its
// answer, when the answer shows something once (a webhook's secret).
const localReplayBody = "replay_body"

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
	if len(key) > 200 || !services.StorableText(key) {
		return services.Invalid(services.FieldError{Field: "Idempotency-Key", Message: "must be UTF-8 text of at most 200 bytes, without NUL"})
	}
	v := viewer(c)
	hash, err := requestHash(c)
	if err != nil {
		return err
	}
	prev, claim, err := a.idem.Claim(c.UserContext(), v.UserID, key, hash)
	if err != nil {
		return err
	}
	if prev != nil {
		return replay(c, prev)
	}
	ctx := c.UserContext()
	// What the request commits, it commits holding the claim.
	c.SetUserContext(services.WithTxGuard(ctx, a.idem.Guard(claim)))
	// The claim beats while the request runs (an import may take a while),
	// so a retry never takes over a request still running; the beat stops
	// before the claim is ended, or it would mark it alive again.
	stop, beating := make(chan struct{}), make(chan struct{})
	go func() { a.idem.Keep(ctx, claim, a.idem.Beat(), stop); close(beating) }()
	stopBeat := sync.OnceFunc(func() { close(stop); <-beating })
	defer stopBeat()
	defer func() {
		if p := recover(); p != nil {
			stopBeat()
			a.idem.Release(ctx, claim) // freed unless it committed
			panic(p)
		}
	}()
	err = c.Next()
	stopBeat()
	status := c.Response().StatusCode()
	if err != nil || status < 200 || status > 299 {
		// Free the key so the client may try again, unless what the request
		// made was committed before it failed.
		a.idem.Release(ctx, claim)
		return err
	}
	headers := map[string]string{}
	for _, h := range replayedHeaders {
		if val := c.GetRespHeader(h); val != "" {
			headers[h] = val
		}
	}
	body := append([]byte(nil), c.Response().Body()...)
	if kept, ok := c.Locals(localReplayBody).([]byte); ok {
		body = kept
	}
	return a.idem.Complete(ctx, claim, status, body, headers)
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

// replay answers as the key's first request was answered.
func replay(c *fiber.Ctx, prev *ent.IdempotencyKey) error {
	for h, val := range prev.Headers {
		c.Set(h, val)
	}
	c.Set("Idempotent-Replayed", "true")
	return c.Status(prev.Status).Send(prev.Body)
}
