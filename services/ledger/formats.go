package ledger

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"strings"

	"github.com/hearthsafety/hearth/services"
)

// openDocumentTypes name the OpenDocument files people upload by mistake
// (LibreOffice's and WPS's own formats, zips as an .xlsx is), in Chinese
// and English.
var openDocumentTypes = map[string][2]string{
	"application/vnd.oasis.opendocument.spreadsheet":          {"OpenDocument 表格（.ods）", "OpenDocument spreadsheet (.ods)"},
	"application/vnd.oasis.opendocument.spreadsheet-template": {"OpenDocument 表格模板（.ots）", "OpenDocument spreadsheet template (.ots)"},
	"application/vnd.oasis.opendocument.text":                 {"OpenDocument 文本文档（.odt）", "OpenDocument text document (.odt)"},
	"application/vnd.oasis.opendocument.presentation":         {"OpenDocument 演示文稿（.odp）", "OpenDocument presentation (.odp)"},
}

// openDocument refuses an OpenDocument upload by name, with the way out:
// save it as .xlsx. An OpenDocument file is a zip whose first part is
// "mimetype", stored uncompressed, holding its media type (OpenDocument
// 1.2, part 3, 3.3). Anything else is nil: not OpenDocument, or not
// recognisably.
func openDocument(data []byte) error {
	mime := odfMediaType(data)
	if !strings.HasPrefix(mime, "application/vnd.oasis.opendocument.") {
		return nil
	}
	name, ok := openDocumentTypes[mime]
	if !ok {
		name = [2]string{"OpenDocument 文件（" + mime + "）", "OpenDocument file (" + mime + ")"}
	}
	return &services.Error{Kind: services.KindUnsupported, Code: "not_xlsx",
		Message: "这是" + name[0] + "，不是 Excel .xlsx 工作簿：请另存为 .xlsx 后再导入" +
			"（LibreOffice 或 WPS：文件 › 另存为 › Excel 2007-365 (.xlsx)）。" +
			"The file is an " + name[1] + ", not an Excel .xlsx workbook: save it as .xlsx " +
			"(LibreOffice or WPS: File › Save As › Excel 2007-365 (.xlsx)) and import that.",
		Extra: map[string]any{"format": mime}}
}

// odfMediaType reads the "mimetype" part a zip starts with, or "". Its
// size is in its local header (as LibreOffice and WPS write it), or, for a
// writer that streamed it with a data descriptor, in the zip's directory.
func odfMediaType(data []byte) string {
	const header = 30 // a zip local file header, before its name
	if len(data) < header || !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return ""
	}
	flags := binary.LittleEndian.Uint16(data[6:8])
	method := binary.LittleEndian.Uint16(data[8:10])
	size := int(binary.LittleEndian.Uint32(data[18:22]))
	nameLen := int(binary.LittleEndian.Uint16(data[26:28]))
	extraLen := int(binary.LittleEndian.Uint16(data[28:30]))
	start := header + nameLen + extraLen
	if method != 0 || header+nameLen > len(data) || string(data[header:header+nameLen]) != "mimetype" {
		return ""
	}
	if flags&0x8 != 0 { // sizes follow the data: ask the directory
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil || len(zr.File) == 0 || zr.File[0].Name != "mimetype" || zr.File[0].UncompressedSize64 > maxMediaType {
			return ""
		}
		size = int(zr.File[0].UncompressedSize64)
	}
	if size > maxMediaType || start+size > len(data) {
		return ""
	}
	return strings.TrimSpace(string(data[start : start+size]))
}

// maxMediaType bounds the "mimetype" part read: a media type is short.
const maxMediaType = 200
