package client

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzDecodeEnvelope: any body and status decode to a result or to a typed
// error, never a panic; success is reported only for a 2xx envelope that says so.
func FuzzDecodeEnvelope(f *testing.F) {
	f.Add(200, []byte(completeBody))
	f.Add(200, []byte(`{"success":false,"errors":[{"code":1000,"message":"x","source":{"pointer":"/policies/0"},"error_chain":[{"code":6103,"message":"y"}]}],"messages":[],"result":null}`))
	f.Add(429, []byte(`{"success":false,"errors":[{"code":971,"message":"Please wait"}]}`))
	f.Add(200, []byte(`{"success": true, "result": {"id": `))
	f.Add(502, []byte(`<html>bad gateway</html>`))
	f.Add(200, []byte(`{"success":true,"result":{"users_approved":1e300}}`))
	f.Add(200, []byte(`{"success":true,"result":[1,2,3]}`))
	f.Add(200, []byte(`null`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		var result PolicyTest
		err := decodeEnvelope(status, body, &result)
		if err == nil {
			var env struct{ Success *bool }
			if json.Unmarshal(body, &env) != nil || env.Success == nil || !*env.Success || status < 200 || status > 299 {
				t.Fatalf("status %d body %q decoded as a success", status, body)
			}
			return
		}
		var apiErr *APIError
		var malformed *MalformedResponseError
		if !errors.As(err, &apiErr) && !errors.As(err, &malformed) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		if err.Error() == "" {
			t.Fatal("empty error text")
		}
	})
}
