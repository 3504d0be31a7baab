package client

import (
	"runtime/debug"
	"strings"
)

const frameworkModule = "github.com/hashicorp/terraform-plugin-framework"

// frameworkVersionPinned is the version go.mod pins (a unit test keeps them
// equal). It serves where the binary carries no module list: test binaries.
const frameworkVersionPinned = "1.19.0"

// UserAgent builds "terraform-provider-cloudflarezt/<v> terraform-plugin-framework/<v>
// terraform/<v>"; an operator suffix takes the Terraform part's place,
// unquoted.
func UserAgent(providerVersion, terraformVersion, operatorSuffix string) string {
	parts := []string{
		"terraform-provider-cloudflarezt/" + providerVersion,
		"terraform-plugin-framework/" + frameworkVersion(),
	}
	if suffix := strings.TrimSpace(operatorSuffix); suffix != "" {
		parts = append(parts, suffix)
	} else {
		if terraformVersion == "" {
			terraformVersion = "unknown"
		}
		parts = append(parts, "terraform/"+terraformVersion)
	}
	return strings.Join(parts, " ")
}

func frameworkVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == frameworkModule {
				return strings.TrimPrefix(dep.Version, "v")
			}
		}
	}
	return frameworkVersionPinned
}
