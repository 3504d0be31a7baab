package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Defaults of the client's tunables.
const (
	DefaultBaseURL           = "https://api.cloudflare.com/client/v4"
	DefaultMaxRetries        = 4
	DefaultRequestsPerSecond = 4.0 // Cloudflare's 1,200 requests per 5 minutes
	defaultRetryWaitMin      = 500 * time.Millisecond
	defaultRetryWaitMax      = 30 * time.Second
	// DefaultAttemptTimeout bounds one HTTP attempt, answer included.
	DefaultAttemptTimeout = time.Minute
	// maxRetryAfter caps a Retry-After: Cloudflare blocks for at most five
	// minutes after its limit is hit.
	maxRetryAfter    = 5 * time.Minute
	maxResponseBytes = 32 << 20
)

// Config holds what New needs. Exactly one credential scheme must be set:
// APIToken, or APIKey with APIEmail.
type Config struct {
	BaseURL           string
	APIToken          string
	APIKey            string
	APIEmail          string
	UserAgent         string
	MaxRetries        int
	RequestsPerSecond float64
	// RetryWaitMin and RetryWaitMax bound the backoff when the server sends
	// no Retry-After; zero means the defaults.
	RetryWaitMin time.Duration
	RetryWaitMax time.Duration
	// AttemptTimeout bounds each HTTP attempt; zero means the default.
	AttemptTimeout time.Duration
	// Transport is the base transport; nil means a pooled default.
	Transport http.RoundTripper
	// BudgetShortfall is ShortfallWait (the default) or ShortfallFail.
	BudgetShortfall string
}

// Client talks to the Cloudflare API. It is safe for concurrent use; one
// instance serves every resource of a provider so that they share the pacing.
type Client struct {
	baseURL *url.URL
	http    *retryablehttp.Client
	pacer   *pacer
	cfg     Config
	redact  redactor
}

// New checks cfg and builds a Client.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("base URL %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	switch {
	case cfg.APIToken != "" && cfg.APIKey != "":
		return nil, errors.New("both an API token and an API key are set; use exactly one credential scheme")
	case cfg.APIToken == "" && cfg.APIKey == "":
		return nil, errors.New("no credentials: set an API token, or an API key with its email")
	case cfg.APIKey != "" && cfg.APIEmail == "":
		return nil, errors.New("an API key needs the account email as well")
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must not be negative, got %d", cfg.MaxRetries)
	}
	if cfg.RequestsPerSecond <= 0 {
		cfg.RequestsPerSecond = DefaultRequestsPerSecond
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = defaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = defaultRetryWaitMax
	}
	if cfg.AttemptTimeout <= 0 {
		cfg.AttemptTimeout = DefaultAttemptTimeout
	}
	switch cfg.BudgetShortfall {
	case "":
		cfg.BudgetShortfall = ShortfallWait
	case ShortfallWait, ShortfallFail:
	default:
		return nil, fmt.Errorf("budget shortfall must be %q or %q, got %q", ShortfallWait, ShortfallFail, cfg.BudgetShortfall)
	}
	if cfg.Transport == nil {
		cfg.Transport = cleanhttp.DefaultPooledTransport()
	}
	password, _ := base.User.Password()
	redact := newRedactor(cfg.APIToken, cfg.APIKey, cfg.APIEmail, password)

	rc := retryablehttp.NewClient()
	rc.Logger = nil // requests are logged through tflog by loggingTransport
	// checkRetry decides: rate-limited answers are retried until the
	// deadline, everything else at most MaxRetries times.
	rc.RetryMax = math.MaxInt32
	rc.RetryWaitMin = cfg.RetryWaitMin
	rc.RetryWaitMax = cfg.RetryWaitMax
	rc.CheckRetry = retryPolicy{maxRetries: cfg.MaxRetries}.check
	rc.Backoff = backoff
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	pace := newPacer(cfg.RequestsPerSecond, redact)
	rc.HTTPClient = &http.Client{
		Transport:     &pacingTransport{pacer: pace, next: &loggingTransport{next: cfg.Transport, redact: redact}},
		CheckRedirect: refuseRedirects,
		Timeout:       cfg.AttemptTimeout,
	}

	return &Client{baseURL: base, http: rc, pacer: pace, cfg: cfg, redact: redact}, nil
}

// The credential schemes, as AuthScheme names them.
const (
	SchemeAPIToken = "API token"
	SchemeAPIKey   = "API key and email"
)

// AuthScheme names the credential scheme in use, for diagnostics.
func (c *Client) AuthScheme() string {
	if c.cfg.APIToken != "" {
		return SchemeAPIToken
	}
	return SchemeAPIKey
}

// do sends one API call, retrying as the policy allows, and decodes the
// envelope's result into result. Whatever the server sent back reaches the
// caller capped and with the credentials masked.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, result any) error {
	// Every log line of this call (ours, the framework's) masks them too.
	ctx = tflog.MaskAllFieldValuesStrings(ctx, c.redact.secrets...)
	ctx = tflog.MaskMessageStrings(ctx, c.redact.secrets...)
	return c.redact.error(c.send(ctx, method, path, query, body, result))
}

func (c *Client) send(ctx context.Context, method, path string, query url.Values, body, result any) error {
	u := *c.baseURL
	u.Path += path
	u.RawQuery = query.Encode()

	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("encoding the request body: %w", err)
		}
	}

	state := &requestState{method: method}
	ctx = context.WithValue(ctx, requestStateKey{}, state)
	req, err := retryablehttp.NewRequestWithContext(ctx, method, u.String(), payload)
	if err != nil {
		return fmt.Errorf("building the request: %w", err)
	}
	c.setHeaders(req.Header, payload != nil)

	resp, err := c.http.Do(req)
	if err != nil {
		if resp != nil {
			_ = resp.Body.Close()
		}
		var redirect *RedirectError
		if errors.As(err, &redirect) {
			return fmt.Errorf("%s %s: %w", method, path, redirect)
		}
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("%s %s: gave up after %d attempt(s): %w", method, path, state.attempts, ctxErr)
		}
		return fmt.Errorf("%s %s: no answer from the Cloudflare API after %d attempt(s) (network error or no answer within %s; check base_url, proxies and connectivity): %w",
			method, path, state.attempts, c.cfg.AttemptTimeout, err)
	}
	defer func() { _ = resp.Body.Close() }()

	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return fmt.Errorf("%s %s: reading the response (HTTP %d): %w", method, path, resp.StatusCode, err)
	}
	err = decodeEnvelope(resp.StatusCode, raw, result)
	var apiErr *APIError
	if errors.As(err, &apiErr) && resp.StatusCode == http.StatusTooManyRequests {
		apiErr.RetryAfter = retryAfter(resp)
		return &RateLimitedError{Attempts: state.attempts, RequestsPerSecond: c.cfg.RequestsPerSecond, RetryAfter: apiErr.RetryAfter, Last: apiErr}
	}
	return err
}

func (c *Client) setHeaders(h http.Header, hasBody bool) {
	h.Set("Accept", "application/json")
	if hasBody {
		h.Set("Content-Type", "application/json")
	}
	if c.cfg.UserAgent != "" {
		h.Set("User-Agent", c.cfg.UserAgent)
	}
	if c.cfg.APIToken != "" {
		h.Set("Authorization", "Bearer "+c.cfg.APIToken)
		return
	}
	h.Set("X-Auth-Key", c.cfg.APIKey)
	h.Set("X-Auth-Email", c.cfg.APIEmail)
}

// requestState follows one logical call across its attempts.
type requestState struct {
	method   string
	attempts int
	// failures counts the retries after answers other than 429.
	failures int
}

type requestStateKey struct{}

func stateFrom(ctx context.Context) *requestState {
	s, _ := ctx.Value(requestStateKey{}).(*requestState)
	return s
}

// bodyReader is used by the logging transport to read a body and put it back.
func bodyReader(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }
