package calendar

import (
	"sync"
	"time"
	_ "time/tzdata" // zones work on hosts and images without /usr/share/zoneinfo
)

// DefaultZone is a district's time zone when it names none, or one this
// build does not know: Hearth's districts are in China.
const DefaultZone = "Asia/Shanghai"

// defaultLoc is DefaultZone, loaded once. The embedded tzdata always has it;
// the fixed +08:00 is a last resort that China (no daylight saving since
// 1991) makes exact for every date Hearth deals in.
var defaultLoc = func() *time.Location {
	if loc, err := time.LoadLocation(DefaultZone); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*60*60)
}()

// zones caches loaded locations by name (misses too, mapped to the default),
// so the hot paths that ask per request or per reminder do not read tzdata
// each time. Names come from district settings, so the cache stays small;
// maxZones bounds it anyway.
var (
	zonesMu sync.RWMutex
	zones   = map[string]*time.Location{}
)

const maxZones = 1024

// Location is the time zone a district's dates are in: tz (an IANA name such
// as "Asia/Urumqi"), or DefaultZone when tz is empty or unknown. It is the one
// place Hearth turns a district's zone setting into a location; every "today"
// and every deadline date goes through it.
func Location(tz string) *time.Location {
	if tz == "" || tz == DefaultZone {
		return defaultLoc
	}
	zonesMu.RLock()
	loc, ok := zones[tz]
	zonesMu.RUnlock()
	if ok {
		return loc
	}
	loc = defaultLoc
	if l, err := time.LoadLocation(tz); err == nil && tz != "Local" {
		loc = l
	}
	zonesMu.Lock()
	if len(zones) < maxZones {
		zones[tz] = loc
	}
	zonesMu.Unlock()
	return loc
}

// ValidZone reports whether tz names a zone a district may be set to: a
// known IANA name. "Local" is refused: it would mean whatever the server's
// zone happens to be.
func ValidZone(tz string) bool {
	if tz == "" || tz == "Local" {
		return false
	}
	_, err := time.LoadLocation(tz)
	return err == nil
}

// Today is the date (YYYY-MM-DD) that it is at now in loc: a district's
// "today", against which deadlines (dates in that zone) are overdue or not.
// A nil loc is DefaultZone.
func Today(loc *time.Location, now time.Time) string {
	if loc == nil {
		loc = defaultLoc
	}
	return now.In(loc).Format(time.DateOnly)
}
