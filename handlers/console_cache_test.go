package handlers

import (
	"testing"
	"testing/fstest"
	"unsafe"
)

// The file cache keeps no request's bytes: fiber hands out paths that point
// into buffers the next request on the connection overwrites, and a key
// overwritten in place is a map entry no lookup finds again, or, worse, the
// wrong file for another path (a stylesheet answered as a script).
func TestConsoleCacheKeepsItsOwnKeys(t *testing.T) {
	s := newConsoleFiles(fstest.MapFS{
		"assets/a-1111.js":  {Data: []byte("console.log(1)")},
		"assets/b-2222.css": {Data: []byte("body{}")},
	})
	buf := []byte("assets/a-1111.js")
	name := unsafe.String(&buf[0], len(buf)) // what c.Path() gives: no copy
	if f := s.file(name); f == nil || string(f.body) != "console.log(1)" {
		t.Fatalf("file(%q) = %v", name, f)
	}
	copy(buf, "assets/b-2222.cs") // the next request reuses the buffer
	if _, ok := s.cache["assets/a-1111.js"]; !ok {
		t.Errorf("the cache lost assets/a-1111.js when the request's buffer was reused: keys %v", keys(s.cache))
	}
	if f := s.file("assets/b-2222.css"); f == nil || f.mime != "text/css; charset=utf-8" {
		t.Errorf("assets/b-2222.css: %+v", f)
	}
}

func keys(m map[string]*consoleFile) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
