package handlers_test

// Request bodies are streamed and read by each route within its own limit
// (handlers/body.go). These tests talk to the app over real TCP connections,
// as a slow or hostile client would.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// listen serves e's app on a free local port until the test ends.
func listen(t *testing.T, e *handlerstest.Env) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { e.App.Listener(ln); close(done) }()
	t.Cleanup(func() {
		e.App.ShutdownWithTimeout(5 * time.Second)
		<-done
	})
	return ln.Addr().String()
}

// head is a request's head with the given body headers.
func head(method, path, token, contentType string, length int) string {
	h := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: hearth.test\r\nAuthorization: Bearer %s\r\nContent-Type: %s\r\n",
		method, path, token, contentType)
	if length >= 0 {
		h += "Content-Length: " + strconv.Itoa(length) + "\r\n"
	} else {
		h += "Transfer-Encoding: chunked\r\n"
	}
	return h + "\r\n"
}

// TestJSONBodyOverLimitIsRefusedUnread: a 2 MiB body to a JSON route (1
// MiB) is answered 413 in Chinese as soon as its headers are read, while
// the client is still sending: on main the server read all of it first
// (up to the 10 MiB upload limit, for any route) and answered only then.
// A chunked one is refused once it passes the limit. A body that fits is
// read as before, on a connection kept alive.
func TestJSONBodyOverLimitIsRefusedUnread(t *testing.T) {
	e := handlerstest.New(t)
	addr := listen(t, e)
	token := e.Access["nankai/bureau.admin"]
	for _, chunked := range []bool{false, true} {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		n := -1
		if !chunked {
			n = 2 << 20
		}
		if _, err := io.WriteString(conn, head("POST", "/api/v1/orgs", token, "application/json", n)); err != nil {
			t.Fatal(err)
		}
		// 1 MiB + 64 KiB of the body, then nothing more.
		part := []byte(`{"name":"` + strings.Repeat("x", 1<<20+64<<10))
		if chunked {
			part = fmt.Appendf(nil, "%x\r\n%s\r\n", len(part), part)
		}
		go conn.Write(part)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		res, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("chunked %v: no answer while the body is unfinished: %v", chunked, err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), `"code":"payload_too_large"`) ||
			!strings.Contains(string(b), "请求内容过大") || !res.Close ||
			res.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("chunked %v: %d %v %s", chunked, res.StatusCode, res.Header, b)
		}
	}
	// A body within the limit, twice on one connection.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	r := bufio.NewReader(conn)
	for i := range 2 {
		body := fmt.Sprintf(`{"name":"某社区服务站%d","kind":"street"}`, i)
		io.WriteString(conn, head("POST", "/api/v1/orgs", token, "application/json", len(body))+body)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		res, err := http.ReadResponse(r, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated || res.Close {
			t.Fatalf("%d (close %v) %s", res.StatusCode, res.Close, b)
		}
	}
}

// TestNineMiBUploadStillWorks: an upload route reads up to its own limit
// (10 MiB a file), streamed to disk; a JSON route's 1 MiB is not its.
func TestNineMiBUploadStillWorks(t *testing.T) {
	l := newLedger(t)
	id := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	data := append(append([]byte(nil), tinyPNG...), make([]byte, 9<<20)...)
	res := l.attach(gas1Clerk, id, "before", "现场.png", data)
	wantStatus(t, res, http.StatusCreated)
	if got := res.JSON()["size"]; got != float64(len(data)) {
		t.Fatalf("stored %v bytes of %d", got, len(data))
	}
	// 10 MiB and a byte is refused, in Chinese.
	res = l.attach(gas1Clerk, id, "before", "现场.png", make([]byte, 10<<20+1))
	if res.Status != http.StatusRequestEntityTooLarge || !strings.Contains(string(res.Body), "文件最多 10 MiB") {
		t.Fatalf("%d %s", res.Status, res.Body)
	}
}

// rss is this process's resident set (bytes), from /proc.
func rss(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status here") // Linux only; CI is Linux
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	t.Fatal("no VmRSS")
	return 0
}

// TestSlowLargeBodiesCostNoMemory: 60 connections each send a 10 MiB body
// but its last byte, a MiB at a time, to an upload route (whose limit it
// fits) and to a JSON route (whose limit it does not). The server runs in
// this process, so its resident set is this test's (it runs alone, not in
// parallel). On main each body was
// held in memory whole before any handler ran: the upload wave took the
// process from ~60 MiB to over 1 GiB. Now an upload is spooled to disk and
// an oversized JSON body is refused from its headers.
func TestSlowLargeBodiesCostNoMemory(t *testing.T) {
	l := &ledger{handlerstest.New(t), t} // not parallel: the resident set is this test's alone
	l.at(day0)
	addr := listen(t, l.Env)
	hazard := l.report(gas1Clerk, "广开街", nil)["id"].(string)
	token := l.Access[gas1Clerk]
	const conns, size = 60, 10 << 20
	chunk := bytes.Repeat([]byte("x"), 1<<20)
	wave := func(name, path, contentType, prefix string) {
		runtime.GC()
		debug.FreeOSMemory()
		before := rss(t)
		var wg sync.WaitGroup
		var sent atomic.Int64
		open := make([]net.Conn, conns)
		for i := range conns {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			open[i] = conn
			wg.Go(func() {
				if _, err := io.WriteString(conn, head("POST", path, token, contentType, size)+prefix); err != nil {
					return
				}
				for left := size - 1 - len(prefix); left > 0; left -= len(chunk) {
					n, err := conn.Write(chunk[:min(len(chunk), left)])
					sent.Add(int64(n))
					if err != nil {
						return // refused: the server closed the connection
					}
					time.Sleep(20 * time.Millisecond)
				}
			})
		}
		var peak atomic.Int64
		stop := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			for {
				peak.Store(max(peak.Load(), rss(t)))
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		wg.Wait()
		time.Sleep(500 * time.Millisecond) // the server holds what it got
		close(stop)
		<-sampled
		for _, c := range open {
			c.Close()
		}
		grew := peak.Load() - before
		t.Logf("%s: %d connections sent %d MiB; resident set %d MiB before, peak %d MiB (+%d MiB)",
			name, conns, sent.Load()>>20, before>>20, peak.Load()>>20, grew>>20)
		if grew > 150<<20 {
			t.Errorf("%s: the resident set grew by %d MiB for %d unfinished bodies", name, grew>>20, conns)
		}
	}
	// The file part of a form whose end never comes.
	wave("upload", "/api/v1/hazards/"+hazard+"/attachments", "multipart/form-data; boundary=x",
		"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n")
	wave("JSON", "/api/v1/hazards", "application/json", `{"description":"`)
}
