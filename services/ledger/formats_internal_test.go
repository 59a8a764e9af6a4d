package ledger

import (
	"archive/zip"
	"bytes"
	"errors"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/services"
)

// odf builds an OpenDocument file as LibreOffice writes one: the
// "mimetype" part first, stored, its sizes in its local header; then the
// content, deflated.
func odf(t *testing.T, mime string) []byte {
	t.Helper()
	return odfWith(t, mime, func(zw *zip.Writer) (io.Writer, error) {
		return zw.CreateRaw(&zip.FileHeader{Name: "mimetype", Method: zip.Store, CRC32: crc32.ChecksumIEEE([]byte(mime)),
			CompressedSize64: uint64(len(mime)), UncompressedSize64: uint64(len(mime))})
	})
}

// odfStreamed is an OpenDocument file whose writer streamed "mimetype":
// its sizes follow it, in a data descriptor.
func odfStreamed(t *testing.T, mime string) []byte {
	t.Helper()
	return odfWith(t, mime, func(zw *zip.Writer) (io.Writer, error) {
		return zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	})
}

func odfWith(t *testing.T, mime string, first func(*zip.Writer) (io.Writer, error)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := first(zw)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(mime))
	w, err = zw.Create("content.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><office:document-content/>`))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestOpenDocumentIsNamed: an .ods upload is named as OpenDocument with the
// way out, in Chinese and English; an .xlsx (a zip too) goes on to be read.
func TestOpenDocumentIsNamed(t *testing.T) {
	for _, c := range []struct {
		name, mime string
		want       []string
	}{
		{"Spreadsheet", "application/vnd.oasis.opendocument.spreadsheet",
			[]string{"这是OpenDocument 表格（.ods）", "请另存为 .xlsx 后再导入", "OpenDocument spreadsheet (.ods)", "save it as .xlsx"}},
		{"Text", "application/vnd.oasis.opendocument.text", []string{"OpenDocument 文本文档（.odt）", "请另存为 .xlsx 后再导入"}},
		{"Unlisted", "application/vnd.oasis.opendocument.graphics", []string{"application/vnd.oasis.opendocument.graphics", "请另存为 .xlsx"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, data := range [][]byte{odf(t, c.mime), odfStreamed(t, c.mime)} {
				err := sniffXLSX(data)
				var se *services.Error
				if !errors.As(err, &se) || se.Kind != services.KindUnsupported || se.Code != "not_xlsx" || se.Extra["format"] != c.mime {
					t.Fatalf("err %v", err)
				}
				for _, w := range c.want {
					if !strings.Contains(se.Message, w) {
						t.Errorf("message %q lacks %q", se.Message, w)
					}
				}
			}
		})
	}
	// Not OpenDocument: a zip whose first part is something else, a
	// mimetype of another kind (EPUB), a zip cut short.
	var xlsx bytes.Buffer
	zw := zip.NewWriter(&xlsx)
	zw.Create("[Content_Types].xml")
	zw.Close()
	for name, data := range map[string][]byte{
		"XLSX": xlsx.Bytes(),
		"EPUB": odf(t, "application/epub+zip"),
		"Cut":  odf(t, "application/vnd.oasis.opendocument.spreadsheet")[:40],
	} {
		if err := openDocument(data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
