package policy

import "testing"

// PermissionGrants is what PERMISSIONS.md's action tables allow, as
// {role, object, action} keys, and every (object, action) they name.
func PermissionGrants(t testing.TB) (allowed map[[3]string]bool, objActs [][2]string) {
	allowed = map[[3]string]bool{}
	for _, g := range readPermissions(t) {
		allowed[[3]string{g.Role, g.Obj, g.Act}] = true
		oa := [2]string{g.Obj, g.Act}
		if !containsPair(objActs, oa) {
			objActs = append(objActs, oa)
		}
	}
	return allowed, objActs
}

func containsPair(ps [][2]string, p [2]string) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}
