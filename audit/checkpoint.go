package audit

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/policy"
)

// Checkpoint is a district's chain head (its length and last hash) at an
// instant, signed with the audit key's Ed25519 half and kept outside the
// database. Whoever edits the database afterwards cannot make a chain that
// agrees with it: entries removed from the end leave the chain shorter than
// a checkpoint, a deleted chain has none of its entries, and entries
// rewritten change the hash at the checkpoint's position.
type Checkpoint struct {
	TenantID  uuid.UUID `json:"tenant_id"`
	Seq       int64     `json:"seq"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	PublicKey string    `json:"public_key"`
	Signature string    `json:"signature"`
}

// message is what a checkpoint's signature covers.
func (c Checkpoint) message() []byte {
	return []byte(fmt.Sprintf("hearth audit checkpoint v1\n%s\n%d\n%s\n%s",
		c.TenantID, c.Seq, c.Hash, c.At.UTC().Format(time.RFC3339Nano)))
}

// Signed tells whether the checkpoint carries a valid signature by this
// server's audit key (not merely by the key it names).
func (c Checkpoint) Signed() bool {
	if c.PublicKey != PublicKey() {
		return false
	}
	sig, err := hex.DecodeString(c.Signature)
	if err != nil {
		return false
	}
	return ed25519.Verify(current.Load().sign.Public().(ed25519.PublicKey), c.message(), sig)
}

// Take signs a checkpoint of the district's chain head as it stands. A
// district without a chain has nothing to check point: nil, nil.
func Take(ctx context.Context, client *ent.Client, tenantID uuid.UUID, at time.Time) (*Checkpoint, error) {
	head, err := client.AuditHead.Get(policy.System(ctx), tenantID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("audit: reading chain head: %w", err)
	}
	c := &Checkpoint{TenantID: tenantID, Seq: head.Seq, Hash: head.Hash, At: at.UTC().Truncate(time.Microsecond),
		PublicKey: PublicKey()}
	c.Signature = hex.EncodeToString(ed25519.Sign(current.Load().sign, c.message()))
	return c, nil
}

// Checkpoints keeps signed checkpoints as files, one folder per district
// (a folder of the data dir, or one synced elsewhere): outside the
// database on purpose.
type Checkpoints struct{ Root string }

func (s Checkpoints) dir(tenantID uuid.UUID) string {
	return filepath.Join(s.Root, tenantID.String())
}

// Save writes c as <tenant>/<seq>.json; a checkpoint of the same length is
// already there when the chain has not moved, and is kept.
func (s Checkpoints) Save(c *Checkpoint) error {
	if s.Root == "" {
		return errors.New("audit: no folder for checkpoints")
	}
	if err := os.MkdirAll(s.dir(c.TenantID), 0o750); err != nil {
		return err
	}
	path := filepath.Join(s.dir(c.TenantID), fmt.Sprintf("%012d.json", c.Seq))
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o640); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// List reads a district's checkpoints, newest (longest chain) first. A file
// that does not parse is reported, not skipped: a damaged checkpoint is
// itself a finding.
func (s Checkpoints) List(tenantID uuid.UUID) ([]Checkpoint, error) {
	if s.Root == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(s.dir(tenantID))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Checkpoint
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".json") {
			continue
		}
		if _, err := strconv.ParseInt(strings.TrimSuffix(name, ".json"), 10, 64); err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join(s.dir(tenantID), name))
		if err != nil {
			return nil, err
		}
		var c Checkpoint
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("audit: checkpoint %s of district %s does not parse: %w", name, tenantID, err)
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Checkpoint) int { return int(b.Seq - a.Seq) })
	return out, nil
}

// Districts lists the districts that have checkpoints: verify them all,
// including one whose district was deleted from the database.
func (s Checkpoints) Districts() ([]uuid.UUID, error) {
	if s.Root == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(s.Root)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []uuid.UUID
	for _, e := range entries {
		if id, err := uuid.Parse(e.Name()); err == nil && e.IsDir() {
			out = append(out, id)
		}
	}
	return out, nil
}
