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
// real accounts'.
func TestSignInFloodOfUnknownUsers(t *testing.T) {
	e := handlerstest.New(t)
	const clients, each, rounds = 150, 4, 3
	var wg sync.WaitGroup
	var mu sync.Mutex
	flood := map[int]int{}
	for i := range clients {
		for j := range each { // a client keeps four sign-ins in flight
			wg.Go(func() {
				for k := range rounds { // and sends the next when one is answered
					res := e.Do("", http.MethodPost, "/api/v1/auth/login",
						map[string]string{"tenant": "nankai", "username": fmt.Sprintf("ghost%d.%d.%d", i, j, k), "password": "not-the-password"})
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
