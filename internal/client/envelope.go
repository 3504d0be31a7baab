package client

import (
	"encoding/json"
	"fmt"
	"strings"
)

// ResponseInfo is one element of an envelope's errors or messages.
type ResponseInfo struct {
	Code             int            `json:"code"`
	Message          string         `json:"message"`
	DocumentationURL string         `json:"documentation_url,omitempty"`
	Source           *ErrorSource   `json:"source,omitempty"`
	ErrorChain       []ResponseInfo `json:"error_chain,omitempty"`
}

// ErrorSource names the request field a ResponseInfo is about.
type ErrorSource struct {
	Pointer string `json:"pointer,omitempty"`
}

// envelope is the wrapper around every Cloudflare v4 response.
type envelope struct {
	Success  *bool           `json:"success"`
	Errors   []ResponseInfo  `json:"errors"`
	Messages []ResponseInfo  `json:"messages"`
	Result   json.RawMessage `json:"result"`
}

// decodeEnvelope turns a response body into its result, or into an error. A
// body that is not an envelope is a *MalformedResponseError; an envelope
// with success false (whatever the HTTP status) or a non-2xx status is an
// *APIError.
func decodeEnvelope(status int, body []byte, result any) error {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		if status < 200 || status > 299 {
			return &APIError{StatusCode: status, Body: snippet(body)}
		}
		return &MalformedResponseError{StatusCode: status, Body: snippet(body), Err: err}
	}
	if env.Success == nil {
		if status < 200 || status > 299 {
			return &APIError{StatusCode: status, Body: snippet(body)}
		}
		return &MalformedResponseError{StatusCode: status, Body: snippet(body), Err: fmt.Errorf("the response has no \"success\" field")}
	}
	if !*env.Success || status < 200 || status > 299 {
		return &APIError{StatusCode: status, Errors: env.Errors, Messages: env.Messages}
	}
	if result != nil && len(env.Result) > 0 && string(env.Result) != "null" {
		if err := json.Unmarshal(env.Result, result); err != nil {
			return &MalformedResponseError{StatusCode: status, Body: snippet(body), Err: err}
		}
	}
	return nil
}

// snippet keeps error texts readable when a proxy answers with a page of HTML.
func snippet(body []byte) string {
	const limit = 512
	s := strings.TrimSpace(string(body))
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}
