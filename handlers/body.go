package handlers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/hearthsafety/hearth/services"
)

// Request bodies are streamed (fiber's StreamRequestBody): fasthttp reads
// a request's headers and at most 8 KiB of its body before the handlers
// run, and every route reads the rest itself, within its own limit, so a
// large or slow body costs no more memory than its route allows:
//
//   - a JSON route (every route not an Upload) holds at most Deps.BodyLimit
//     (1 MiB) in memory;
//   - an upload or import route spools at most UploadLimit to a temporary
//     file, after the caller is authenticated and authorized, and has
//     UploadReadTimeout to send it;
//   - a body whose Content-Length is over its route's limit is refused at
//     once with 413 payload_too_large, before any of it is read, and a
//     chunked one as soon as it passes the limit.
//
// A body left unread (refused, or sent to a route that reads none) closes
// the connection after the answer, so its rest is never taken for the
// next request.

const (
	// UploadLimit caps an upload's or an import's whole multipart body: a
	// file of MaxUpload and the form around it.
	UploadLimit = MaxUpload + 64<<10
	// ReadTimeout bounds the reading of a request's headers and JSON body.
	ReadTimeout = 30 * time.Second
	// UploadReadTimeout bounds the reading of an upload from its first
	// byte: 10 MiB in two minutes is some 700 kbit/s.
	UploadReadTimeout = 2 * time.Minute
)

// localBodyRead marks a request whose body a route has read to its end.
const localBodyRead = "body_read"

// limitOf is the largest body route r reads.
func (a *api) limitOf(r route) int64 {
	if r.Upload {
		return UploadLimit
	}
	return int64(a.BodyLimit)
}

// tooLarge is the answer to a body over limit.
func tooLarge(limit int64, upload bool) error {
	if upload {
		return services.Errorf(services.KindTooLarge, "payload_too_large",
			"上传内容过大：文件最多 %d MiB", MaxUpload>>20)
	}
	return services.Errorf(services.KindTooLarge, "payload_too_large",
		"请求内容过大：此接口的请求体最多 %s", sizeText(limit))
}

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// closeAfter makes the connection close once the answer is written: the
// rest of an unread body must not be read as the next request.
func closeAfter(c *fiber.Ctx) { c.Response().Header.SetConnectionClose() }

// bodyFits refuses, from its headers alone, a body route r would not read:
// one declared longer than its limit, or compressed (a small gzip body may
// inflate to any size). First in every route's chain.
func (a *api) bodyFits(r route) fiber.Handler {
	limit := a.limitOf(r)
	return func(c *fiber.Ctx) error {
		h := &c.Request().Header
		if enc := h.Peek(fiber.HeaderContentEncoding); len(enc) > 0 && !bytes.EqualFold(enc, []byte("identity")) {
			closeAfter(c)
			return services.Errorf(services.KindUnsupported, "unsupported_content_encoding",
				"请求体不可压缩：请去掉 Content-Encoding 后重发")
		}
		if int64(h.ContentLength()) > limit {
			closeAfter(c)
			return tooLarge(limit, r.Upload)
		}
		return c.Next()
	}
}

// readBody reads the body of route r within its limit, once the caller may
// take the route: a JSON body into memory, an upload into a temporary file
// the multipart form is then parsed from (its files spill to disk too).
func (a *api) readBody(r route) fiber.Handler {
	limit := a.limitOf(r)
	return func(c *fiber.Ctx) error {
		stream := c.Context().RequestBodyStream()
		if stream == nil || c.Request().Header.ContentLength() == 0 {
			c.Locals(localBodyRead, true)
			return c.Next()
		}
		src := io.LimitReader(stream, limit+1)
		if !r.Upload {
			b, err := io.ReadAll(src)
			if err != nil {
				return unreadable(c, err)
			}
			if int64(len(b)) > limit {
				closeAfter(c)
				return tooLarge(limit, false)
			}
			c.Request().SetBodyRaw(b)
			c.Locals(localBodyRead, true)
			return c.Next()
		}
		if conn := c.Context().Conn(); conn != nil {
			conn.SetReadDeadline(time.Now().Add(UploadReadTimeout))
		}
		f, err := os.CreateTemp("", "hearth-upload-*")
		if err != nil {
			return err
		}
		defer func() {
			f.Close()
			os.Remove(f.Name())
		}()
		n, err := io.Copy(f, src)
		if err != nil {
			return unreadable(c, err)
		}
		if n > limit {
			closeAfter(c)
			return tooLarge(limit, true)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		c.Request().SetBodyStream(f, int(n))
		c.Locals(localBodyRead, true)
		return c.Next()
	}
}

// unreadable answers a body that stopped arriving (the read timeout, or
// the client gone).
func unreadable(c *fiber.Ctx, err error) error {
	closeAfter(c)
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return fiber.NewError(fiber.StatusRequestTimeout)
	}
	return services.Errorf(services.KindBadRequest, "body_unreadable", "请求体未能读完：连接中断或格式有误")
}

// bodyGuard refuses, before routing, a body declared longer than any route
// reads (UploadLimit), as fasthttp did before bodies were streamed; and it
// closes the connection after any request whose body no route read to its
// end (an unknown route, a refusal before the body was read).
func (a *api) bodyGuard(c *fiber.Ctx) error {
	var err error
	if limit := max(int64(a.BodyLimit), UploadLimit); int64(c.Request().Header.ContentLength()) > limit {
		err = tooLarge(limit, true)
	} else {
		err = c.Next()
	}
	if read, _ := c.Locals(localBodyRead).(bool); !read && c.Request().Header.ContentLength() != 0 &&
		c.Context().RequestBodyStream() != nil {
		closeAfter(c)
	}
	return err
}
