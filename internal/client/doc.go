// Package client is the typed Cloudflare API client used by every resource
// and data source of the provider. It owns all HTTP concerns: authentication,
// the response envelope, typed errors, retries, client-side pacing, request
// logging with redaction and the User-Agent.
package client
