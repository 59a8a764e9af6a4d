package reminders

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Webhook signature headers. The signature is HMAC-SHA256 over
// "<timestamp>.<body>" with the endpoint's secret, so a receiver can refuse
// both forged and replayed deliveries.
const (
	HeaderTimestamp = "X-Hearth-Timestamp"
	HeaderSignature = "X-Hearth-Signature"
)

// Sign returns the signature header value for body sent at ts.
func Sign(secret []byte, ts time.Time, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(strconv.FormatInt(ts.Unix(), 10)))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verification errors.
var (
	ErrBadSignature = errors.New("reminders: signature does not match")
	ErrStale        = errors.New("reminders: timestamp outside the tolerance")
)

// Verify checks a delivery as a receiver should: the signature over the
// timestamp and body, and a timestamp within tolerance of now.
func Verify(secret []byte, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return ErrBadSignature
	}
	ts := time.Unix(sec, 0)
	if d := now.Sub(ts); d > tolerance || d < -tolerance {
		return ErrStale
	}
	want := Sign(secret, ts, body)
	if !hmac.Equal([]byte(want), []byte(strings.TrimSpace(signature))) {
		return ErrBadSignature
	}
	return nil
}

// Message is what a reminder says, before it is put in a channel's format.
type Message struct {
	Title string
	Lines []string
}

func (m Message) markdown() string {
	var b strings.Builder
	b.WriteString("### " + m.Title + "\n")
	for _, l := range m.Lines {
		b.WriteString("> " + l + "\n")
	}
	return b.String()
}

// WeComBody is a WeCom (企业微信) group-robot markdown message.
func WeComBody(m Message) ([]byte, error) {
	return json.Marshal(map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": m.markdown()}})
}

// DingTalkBody is a DingTalk group-robot markdown message.
func DingTalkBody(m Message) ([]byte, error) {
	return json.Marshal(map[string]any{"msgtype": "markdown",
		"markdown": map[string]string{"title": m.Title, "text": m.markdown()}})
}
