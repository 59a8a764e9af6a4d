package handlers_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
)

// 150 clients signing in as unknown users, four sign-ins in flight each,
// three rounds (each name new, so no account's throttle bites), kept every
// argon2 slot busy checking a dummy hash: they and the real users waiting
// behind them answered 503 busy. An unknown account now
// costs the time of a check, waited out without a slot; the slots are the
// real accounts'. Each client has its own address here (behind a trusted
// proxy), so the per-address limit does not bite: the slots are measured.
func TestSignInFloodOfUnknownUsers(t *testing.T) {
	e := handlerstest.New(t, handlerstest.WithTrustedProxy())
	const clients, each, rounds = 150, 4, 3
	var wg sync.WaitGroup
	var mu sync.Mutex
	flood := map[int]int{}
	for i := range clients {
		for j := range each { // a client keeps four sign-ins in flight
			wg.Go(func() {
				for k := range rounds { // and sends the next when one is answered
					res := e.Do("", http.MethodPost, "/api/v1/auth/login",
						map[string]string{"tenant": "nankai", "username": fmt.Sprintf("ghost%d.%d.%d", i, j, k), "password": "not-the-password"},
						"X-Forwarded-For", fmt.Sprintf("10.0.%d.%d", i/100, i%100))
					mu.Lock()
					flood[res.Status]++
					mu.Unlock()
				}
			})
		}
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	// A real user signs in now and then while the flood lasts.
	for over := false; !over; {
		select {
		case <-done:
			over = true // and once more after it
		case <-time.After(200 * time.Millisecond):
		}
		start := time.Now()
		res := e.Do("", http.MethodPost, "/api/v1/auth/login",
			map[string]string{"tenant": "nankai", "username": "gas1.clerk", "password": handlerstest.Password})
		if res.Status != http.StatusOK {
			t.Errorf("a real sign-in during the flood: %d %s (after %v)", res.Status, res.Body, time.Since(start))
		}
	}
	if flood[http.StatusUnauthorized] != clients*each*rounds {
		t.Errorf("the flood's answers %v, want %d × 401", flood, clients*each*rounds)
	}
}

// 150 clients behind one address signing in as unknown users, two tries
// each: no account's count sees them, and every one was checked (401). The
// address is throttled now: past its budget of failures its attempts are
// refused with 429 and Retry-After, while a real user from another address
// signs in as usual, and so does one from the flooding address once it
// waited (not tested: a minute).
func TestSignInFloodFromOneAddress(t *testing.T) {
	e := handlerstest.New(t, handlerstest.WithTrustedProxy())
	const clients, each = 150, 2
	var wg sync.WaitGroup
	var mu sync.Mutex
	flood := map[int]int{}
	for i := range clients {
		wg.Go(func() {
			for j := range each {
				res := e.Do("", http.MethodPost, "/api/v1/auth/login",
					map[string]string{"tenant": "nankai", "username": fmt.Sprintf("ghost%d.%d", i, j), "password": "not-the-password"},
					"X-Forwarded-For", "203.0.113.7")
				mu.Lock()
				flood[res.Status]++
				if res.Status == http.StatusTooManyRequests && res.Header.Get("Retry-After") == "" {
					t.Errorf("429 without Retry-After: %s", res.Body)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if flood[http.StatusUnauthorized] > 30 || flood[http.StatusTooManyRequests] < clients*each-30 {
		t.Errorf("the flood's answers %v, want at most 30 × 401 and the rest 429", flood)
	}
	res := e.Do("", http.MethodPost, "/api/v1/auth/login",
		map[string]string{"tenant": "nankai", "username": "gas1.clerk", "password": handlerstest.Password},
		"X-Forwarded-For", "198.51.100.2")
	if res.Status != http.StatusOK {
		t.Errorf("a real sign-in from another address: %d %s", res.Status, res.Body)
	}
	// Without a trusted proxy the header is the client's own word: ignored.
	plain := handlerstest.New(t)
	for i := range 31 {
		plain.Do("", http.MethodPost, "/api/v1/auth/login",
			map[string]string{"tenant": "nankai", "username": fmt.Sprintf("ghost%d", i), "password": "not-the-password"},
			"X-Forwarded-For", fmt.Sprintf("192.0.2.%d", i))
	}
	if res := plain.Do("", http.MethodPost, "/api/v1/auth/login",
		map[string]string{"tenant": "nankai", "username": "ghost", "password": "not-the-password"},
		"X-Forwarded-For", "192.0.2.200"); res.Status != http.StatusTooManyRequests {
		t.Errorf("a forged X-Forwarded-For without a trusted proxy: %d, want 429 (the peer's count)", res.Status)
	}
}
