package provider

import (
	"context"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/resources/policytests"
)

// Environment variables, the same as the official provider's.
const (
	envAPIToken     = "CLOUDFLARE_API_TOKEN"
	envAPIKey       = "CLOUDFLARE_API_KEY"
	envEmail        = "CLOUDFLARE_EMAIL"
	envBaseURL      = "CLOUDFLARE_BASE_URL"
	envUASuffix     = "CLOUDFLARE_USER_AGENT_OPERATOR_SUFFIX"
	credentialsHint = "Set `api_token` (or CLOUDFLARE_API_TOKEN), or `api_key` with `email` (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL)."
)

// setting is a value from the configuration, else from the environment.
func setting(v types.String, env string) (value string, unknown bool) {
	if v.IsUnknown() {
		return "", true
	}
	if !v.IsNull() {
		return v.ValueString(), false
	}
	return strings.TrimSpace(os.Getenv(env)), false
}

// Configure checks the credentials and builds the one client. Values not
// known yet during plan defer the checks: resources then plan without a
// client and the provider is configured again at apply.
func (p *Provider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	token, tokenUnknown := setting(cfg.APIToken, envAPIToken)
	key, keyUnknown := setting(cfg.APIKey, envAPIKey)
	email, emailUnknown := setting(cfg.Email, envEmail)
	baseURL, baseURLUnknown := setting(cfg.BaseURL, envBaseURL)
	suffix, suffixUnknown := setting(cfg.UserAgentOperatorSuffix, envUASuffix)
	if tokenUnknown || keyUnknown || emailUnknown || baseURLUnknown || suffixUnknown ||
		cfg.MaxRetries.IsUnknown() || cfg.RequestsPerSecond.IsUnknown() || cfg.BudgetShortfall.IsUnknown() {
		tflog.Debug(ctx, "Provider configuration has unknown values; deferring the credential checks to apply")
		return
	}

	switch {
	case token != "" && key != "":
		resp.Diagnostics.AddAttributeError(path.Root("api_token"), "Conflicting Cloudflare Credentials",
			"Both an API token (`api_token` / CLOUDFLARE_API_TOKEN) and an API key (`api_key` / CLOUDFLARE_API_KEY) are set. Use exactly one: remove one of them from the provider block or the environment.")
	case token == "" && key == "":
		resp.Diagnostics.AddError("Missing Cloudflare Credentials",
			"No credentials were found. "+credentialsHint+" The token needs the `Access: Policy Test Write` permission.")
	case key != "" && email == "":
		resp.Diagnostics.AddAttributeError(path.Root("email"), "Missing Cloudflare Email",
			"An API key (`api_key` / CLOUDFLARE_API_KEY) needs the account email as well: set `email` or CLOUDFLARE_EMAIL. Or use an API token instead (`api_token` / CLOUDFLARE_API_TOKEN).")
	}
	if resp.Diagnostics.HasError() {
		return
	}

	conf := client.Config{
		BaseURL:           baseURL,
		APIToken:          token,
		UserAgent:         client.UserAgent(p.version, req.TerraformVersion, suffix),
		MaxRetries:        client.DefaultMaxRetries,
		RequestsPerSecond: client.DefaultRequestsPerSecond,
	}
	if key != "" {
		conf.APIKey, conf.APIEmail = key, email
	}
	if !cfg.MaxRetries.IsNull() {
		conf.MaxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if !cfg.RequestsPerSecond.IsNull() {
		conf.RequestsPerSecond = cfg.RequestsPerSecond.ValueFloat64()
	}
	conf.BudgetShortfall = cfg.BudgetShortfall.ValueString()
	c, err := client.New(conf)
	if err != nil {
		at := path.Root("base_url")
		resp.Diagnostics.AddAttributeError(at, "Invalid Provider Configuration", err.Error()+" (`base_url` / CLOUDFLARE_BASE_URL).")
		return
	}
	if u, err := url.Parse(baseURL); err == nil && u.Scheme == "http" && !isLoopback(u.Hostname()) {
		resp.Diagnostics.AddAttributeWarning(path.Root("base_url"), "Credentials Sent Without Encryption",
			fmt.Sprintf("`base_url` (or CLOUDFLARE_BASE_URL) uses plain http to %s, which is not this machine: the Cloudflare credentials travel in clear text on every request. "+
				"Use an https URL; plain http is meant for a local emulator on a loopback address.", u.Hostname()))
	}
	data := policytests.NewProviderData(c)
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ActionData = data
	resp.EphemeralResourceData = data
}

// isLoopback reports a host name that stays on this machine.
func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
