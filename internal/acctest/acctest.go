// Package acctest runs the provider through the Terraform CLI against an
// in-process emulator, one per test, and exposes what the emulator received.
package acctest

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/provider"
)

// AccountID is the account every emulator test uses.
const AccountID = "0123456789abcdef0123456789abcdef"

// Token is the API token the emulator accepts by default.
const Token = "acc-test-token-2f9c1e7b"

// ProviderFactories serve the provider in process, with version "test",
// through the same protocol server as the binary.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"cloudflarezt": func() (tfprotov6.ProviderServer, error) { return provider.ProtocolServer("test")(), nil },
}

// Env is one emulator serving one test.
type Env struct {
	*emulator.Emulator
	BaseURL string
}

// New starts an emulator for t (the sample directory unless opts says
// otherwise) and stops it when t ends. Token is accepted with write
// permission unless opts.Tokens says otherwise.
func New(t *testing.T, opts emulator.Options) *Env {
	t.Helper()
	if opts.Tokens == nil {
		opts.Tokens = map[string]string{Token: "write"}
	}
	emu := emulator.New(opts)
	server := httptest.NewServer(emu)
	t.Cleanup(server.Close)
	return &Env{Emulator: emu, BaseURL: server.URL + "/client/v4"}
}

// ProviderBlockWithoutCredentials configures only the address of this
// emulator and the pace, so that the credentials come from the environment
// or nowhere.
func (e *Env) ProviderBlockWithoutCredentials() string {
	return e.providerBlock("")
}

// ProviderBlock configures the provider for this emulator with Token and a
// pace fast enough not to slow tests down.
func (e *Env) ProviderBlock() string {
	return e.ProviderBlockWith("")
}

// ProviderBlockWith configures the provider for this emulator with the
// given extra arguments. Unless args sets its own, the credentials are Token
// and the pace is fast enough not to slow tests down. This block, which
// points at this test's emulator, is the one piece of configuration the
// tests generate; everything else is a fixture.
func (e *Env) ProviderBlockWith(args string) string {
	if !strings.Contains(args, "api_token") && !strings.Contains(args, "api_key") {
		args += fmt.Sprintf("\n  api_token = %q", Token)
	}
	return e.providerBlock(args)
}

func (e *Env) providerBlock(args string) string {
	if !strings.Contains(args, "requests_per_second") {
		args += "\n  requests_per_second = 200"
	}
	return fmt.Sprintf(`
provider "cloudflarezt" {
  base_url = %q
  %s
}
`, e.BaseURL, args)
}
