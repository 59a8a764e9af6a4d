package handlers

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"github.com/hearthsafety/hearth/console"
)

// consoleCSP is the console's Content-Security-Policy: everything from this
// origin, no inline script and no inline style. Element Plus positions its
// popups through the CSSOM (element.style), which CSP does not govern, so it
// needs no 'unsafe-inline' (the browser suite fails on any violation); images
// may be blob: and data: URLs (evidence thumbnails fetched with the token).
const consoleCSP = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' blob: data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// consoleFile is one built file, read once, with its gzipped twin when
// that is smaller.
type consoleFile struct {
	body, gz []byte
	mime     string
	etag     string
}

// consoleFiles serves the embedded console (console/dist) at "/": files by
// their path, the hashed bundles under /assets/ cached for a year, and every
// other path (a client route such as /hazards/123) answered with
// index.html, which is never cached without revalidation. /api/... is left
// to the API, whose unknown paths answer problem+json 404.
type consoleFiles struct {
	fsys  fs.FS
	mu    sync.Mutex
	cache map[string]*consoleFile
}

func newConsoleFiles(fsys fs.FS) *consoleFiles {
	return &consoleFiles{fsys: fsys, cache: map[string]*consoleFile{}}
}

// file reads name from the console's files (nil when absent).
func (s *consoleFiles) file(name string) *consoleFile {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.cache[name]; ok {
		return f
	}
	body, err := fs.ReadFile(s.fsys, name)
	if err != nil {
		return nil // absent, or a directory
	}
	sum := sha256.Sum256(body)
	f := &consoleFile{body: body, etag: `"` + hex.EncodeToString(sum[:8]) + `"`,
		mime: mime.TypeByExtension(path.Ext(name))}
	if f.mime == "" {
		f.mime = fiber.MIMEOctetStream
	}
	if compressible(f.mime) {
		var b bytes.Buffer
		w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		w.Write(body)
		w.Close()
		if b.Len() < len(body) {
			f.gz = b.Bytes()
		}
	}
	s.cache[strings.Clone(name)] = f // name points into fiber's buffers, reused by the next request
	return f
}

func compressible(m string) bool {
	return strings.HasPrefix(m, "text/") || strings.Contains(m, "javascript") ||
		strings.Contains(m, "json") || strings.Contains(m, "svg")
}

// serve is the last handler of the app: GET and HEAD outside /api/.
func (s *consoleFiles) serve(c *fiber.Ctx) error {
	p := c.Path()
	if (c.Method() != fiber.MethodGet && c.Method() != fiber.MethodHead) ||
		p == "/api" || strings.HasPrefix(p, "/api/") {
		return c.Next()
	}
	c.Set(fiber.HeaderContentSecurityPolicy, consoleCSP)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "same-origin")
	name := strings.TrimPrefix(path.Clean(p), "/")
	if strings.HasPrefix(name, "assets/") {
		f := s.file(name)
		if f == nil { // an old bundle after a deploy: the page reloads index.html
			return c.Status(fiber.StatusNotFound).SendString("not found")
		}
		c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
		return s.send(c, f)
	}
	f := s.file(name)
	if name == "" || name == "index.html" || f == nil {
		f = s.file("index.html")
		if f == nil {
			return c.Status(fiber.StatusNotFound).SendString("the console is not built: run npm run build in console/")
		}
	}
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return s.send(c, f)
}

func (s *consoleFiles) send(c *fiber.Ctx, f *consoleFile) error {
	c.Set(fiber.HeaderETag, f.etag)
	c.Set(fiber.HeaderVary, fiber.HeaderAcceptEncoding)
	if c.Get(fiber.HeaderIfNoneMatch) == f.etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, f.mime)
	if f.gz != nil && strings.Contains(c.Get(fiber.HeaderAcceptEncoding), "gzip") {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(f.gz)
	}
	return c.Send(f.body)
}

// consoleHandler serves the embedded console.
func consoleHandler() fiber.Handler { return newConsoleFiles(console.Files()).serve }
