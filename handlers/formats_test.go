package handlers_test

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"net/http"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// TestODSUploadIsNamed: an OpenDocument spreadsheet sent to the import is
// named as such, with the way out (save as .xlsx), in Chinese and English.
func TestODSUploadIsNamed(t *testing.T) {
	e := handlerstest.New(t)
	const mime = "application/vnd.oasis.opendocument.spreadsheet"
	var ods bytes.Buffer
	zw := zip.NewWriter(&ods)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "mimetype", Method: zip.Store, CRC32: crc32.ChecksumIEEE([]byte(mime)),
		CompressedSize64: uint64(len(mime)), UncompressedSize64: uint64(len(mime))})
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(mime))
	w, _ = zw.Create("content.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><office:document-content/>`))
	zw.Close()
	m := wantProblem(t, xlUpload(e, xlBureau, "?dry_run=true", ods.Bytes()), http.StatusUnsupportedMediaType, "not_xlsx")
	d, _ := m["detail"].(string)
	for _, want := range []string{"OpenDocument 表格（.ods）", "请另存为 .xlsx 后再导入", "OpenDocument spreadsheet (.ods)", "save it as .xlsx"} {
		if !strings.Contains(d, want) {
			t.Errorf("detail %q lacks %q", d, want)
		}
	}
	if m["format"] != mime {
		t.Errorf("format %v", m["format"])
	}
}
