package policytests

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// The attributes several entities share, written once in the resource's
// schema types (fwshim converts them for the others). The policies list
// and its rules are internal/policy's.

var accountIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// accountIDAttribute is account_id of the resource, every data source,
// every action and the ephemeral resource.
func accountIDAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The Cloudflare account ID: 32 lowercase hexadecimal characters.",
		Validators: []validator.String{
			stringvalidator.RegexMatches(accountIDPattern, "must be a Cloudflare account ID: 32 lowercase hexadecimal characters"),
		},
	}
}

// testIDValidator accepts what the API hands out (64 hexadecimal
// characters; the documentation says UUID) and nothing that could change
// the request's path.
func testIDValidator() validator.String {
	return stringvalidator.RegexMatches(client.IDPattern, "must be a policy test id: up to 64 hexadecimal characters and hyphens")
}

// personAttributes describe one person of a test's directory: a user the
// users data source lists, or one whose access a change changes.
func personAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":    schema.StringAttribute{Computed: true, MarkdownDescription: "The Zero Trust user ID."},
		"email": schema.StringAttribute{Computed: true, MarkdownDescription: "The user's email, as Cloudflare listed it (may be empty)."},
		"name":  schema.StringAttribute{Computed: true, MarkdownDescription: "The user's display name."},
	}
}
