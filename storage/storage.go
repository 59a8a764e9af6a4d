// Package storage keeps uploaded files (hazard evidence) behind a small
// interface: a folder under the data directory by default, an object store
// in production later. It is its own package because handlers (upload,
// download) and cmd (wiring) both need it and neither should know where the
// bytes live.
package storage

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
)

// Store keeps files by key.
type Store interface {
	// Put writes r under key, replacing nothing: a key is written once.
	Put(ctx context.Context, key string, r io.Reader) error
	// Open reads the file under key.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes the file under key; a missing file is not an error.
	Delete(ctx context.Context, key string) error
}

// ErrNotFound is returned by Open for a key with no file.
var ErrNotFound = errors.New("storage: not found")

// keyRE admits the keys Hearth makes (ids joined by slashes), and nothing
// that could climb out of the folder.
var keyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9.-]*)*$`)

// Dir is a Store in a local folder.
type Dir struct{ Root string }

func (d Dir) path(key string) (string, error) {
	if !keyRE.MatchString(key) {
		return "", fmt.Errorf("storage: bad key %q", key)
	}
	return filepath.Join(d.Root, filepath.FromSlash(key)), nil
}

// Put writes to a temporary file and renames it into place, so a reader
// never sees half a file.
func (d Dir) Put(_ context.Context, key string, r io.Reader) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), p)
}

// Open opens the file under key.
func (d Dir) Open(_ context.Context, key string) (io.ReadCloser, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	return f, err
}

// Delete removes the file under key.
func (d Dir) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}
