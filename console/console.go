// Package console holds Hearth's browser console as built files: the Vue
// application under console/src, built by `npm run build` into console/dist
// and committed, so the one binary serves it with nothing else installed.
// handlers serves these files at "/".
package console

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Files is the built console: index.html at its root, the hashed bundles
// under assets/.
func Files() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path: cannot happen
	}
	return sub
}
