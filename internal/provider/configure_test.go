package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/provider"
)

// configureDiagnostics configures the provider through the protocol, as
// Terraform does, with these string settings and every other one null.
func configureDiagnostics(t *testing.T, settings map[string]string) []*tfprotov6.Diagnostic {
	t.Helper()
	clearCredentialEnv(t)
	ctx := context.Background()
	server := provider.ProtocolServer("test")()
	schema, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schema.Provider.ValueType()
	objType, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("provider schema type %T", typ)
	}
	values := map[string]tftypes.Value{}
	for name, attrType := range objType.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
		if v, ok := settings[name]; ok {
			values[name] = tftypes.NewValue(tftypes.String, v)
		}
	}
	config, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, values))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &config})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

// Plain http to another machine carries the token in clear: a warning on
// base_url says so. Loopback (the emulator) and https do not warn.
func TestProvider_PlainHTTPToAnotherHostWarns(t *testing.T) {
	cases := map[string]bool{
		"http://api.example.internal/client/v4": true,
		"http://203.0.113.7:8080/client/v4":     true,
		"http://127.0.0.1:8787/client/v4":       false,
		"http://localhost:8787/client/v4":       false,
		"http://[::1]:8787/client/v4":           false,
		"https://api.cloudflare.com/client/v4":  false,
	}
	for baseURL, warns := range cases {
		diags := configureDiagnostics(t, map[string]string{"api_token": "tok-123456", "base_url": baseURL})
		var found *tfprotov6.Diagnostic
		for _, d := range diags {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				t.Fatalf("%s: error %s: %s", baseURL, d.Summary, d.Detail)
			}
			if d.Summary == "Credentials Sent Without Encryption" {
				found = d
			}
		}
		if (found != nil) != warns {
			t.Errorf("%s: warning %v, want %v", baseURL, found != nil, warns)
		}
		if found != nil && (found.Attribute == nil || !strings.Contains(found.Attribute.String(), "base_url") || !strings.Contains(found.Detail, "clear text")) {
			t.Errorf("%s: warning %+v", baseURL, found)
		}
	}
}
