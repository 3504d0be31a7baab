// Command emulator serves the Access policy-test API emulator on a loopback
// address, for `make demo` and for trying the provider without an account.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

func main() {
	addr := flag.String("listen", "127.0.0.1:0", "loopback address to listen on; port 0 picks a free port")
	directory := flag.String("directory", "", "user directory JSON (format: internal/emulator/directory.schema.json); empty uses the built-in sample")
	token := flag.String("token", "", "the only API token accepted; empty accepts any token")
	polls := flag.Int("complete-after-polls", 1, "status reads that report processing before the final status")
	after := flag.Duration("complete-after", 0, "when set, tests finish this long after they start (such as 30s), whatever the number of reads")
	account := flag.String("account", "", "the only account id the credentials reach; empty serves every account")
	final := flag.String("final-status", "complete", "final status of every test: complete, blocked or exceeded time")
	quota := flag.Int("budget-quota", 0, "Cloudflare's rate limit: requests per -budget-window, shared by every client, reported in Ratelimit headers; 0 for none")
	window := flag.Duration("budget-window", 5*time.Minute, "the window of -budget-quota")
	uncovered := flag.Int("uncovered-users", 0, "a fault: complete tests leave this many users out of their counters and listings")
	urlFile := flag.String("url-file", "", "write the base URL to this file once listening")
	logFile := flag.String("log", "", "append every request answered to this file, one JSON object a line (time, method, path, query, status; no headers or bodies)")
	flag.Parse()

	opts := emulator.Options{CompleteAfterPolls: *polls, CompleteAfter: *after, FinalStatus: *final, Account: *account, UncoveredUsers: *uncovered,
		Budget: emulator.Budget{Quota: *quota, Window: *window}}
	if *directory != "" {
		d, err := emulator.LoadDirectory(*directory)
		if err != nil {
			log.Fatalf("emulator: %v", err)
		}
		opts.Directory = d
	}
	if *token != "" {
		opts.Tokens = map[string]string{*token: "write"}
	}
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			log.Fatalf("emulator: %v", err)
		}
		defer func() { _ = f.Close() }()
		opts.RequestLog = f
	}

	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("emulator: %v", err)
	}
	if tcp, ok := listener.Addr().(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
		log.Fatalf("emulator: refusing to listen on %s, which is not a loopback address", listener.Addr())
	}
	baseURL := fmt.Sprintf("http://%s/client/v4", listener.Addr())
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(baseURL+"\n"), 0o600); err != nil {
			log.Fatalf("emulator: %v", err)
		}
	}
	fmt.Println(baseURL)

	server := &http.Server{Handler: emulator.New(opts), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = server.Shutdown(shutdown)
	}()
	if err := server.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("emulator: %v", err)
	}
}
