// Command schemafloor is the lower bound for any provider of this resource's
// contract: it serves the real provider's schemas, so Terraform does all the
// work this schema costs it (decoding, validating, diffing and storing values
// of this type), but answers every resource call of
// cloudflarezt_access_policy_test without doing anything: no validation, no
// API, the plan is Terraform's proposal and the new state is the plan.
//
// `make bench` measures it beside the real provider, so the table separates
// what Terraform itself spends on the schema from what the provider adds.
// It is a measuring instrument, never a provider to use.
package main

import (
	"context"
	"log"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/provider"
)

const resourceType = "cloudflarezt_access_policy_test"

// floor passes everything but the resource's calls to the real provider.
type floor struct {
	tfprotov6.ProviderServer
	stateType func() tftypes.Type
}

func (f *floor) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	if req.TypeName != resourceType {
		return f.ProviderServer.ValidateResourceConfig(ctx, req)
	}
	return &tfprotov6.ValidateResourceConfigResponse{}, nil
}

// UpgradeResourceState must still turn the stored JSON into a typed value.
func (f *floor) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if req.TypeName != resourceType {
		return f.ProviderServer.UpgradeResourceState(ctx, req)
	}
	value, err := req.RawState.UnmarshalWithOpts(f.stateType(), tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return nil, err
	}
	upgraded, err := tfprotov6.NewDynamicValue(f.stateType(), value)
	if err != nil {
		return nil, err
	}
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &upgraded}, nil
}

func (f *floor) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if req.TypeName != resourceType {
		return f.ProviderServer.ReadResource(ctx, req)
	}
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

func (f *floor) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if req.TypeName != resourceType {
		return f.ProviderServer.PlanResourceChange(ctx, req)
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate}, nil
}

func (f *floor) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	if req.TypeName != resourceType {
		return f.ProviderServer.ApplyResourceChange(ctx, req)
	}
	return &tfprotov6.ApplyResourceChangeResponse{NewState: req.PlannedState, Private: req.PlannedPrivate}, nil
}

func main() {
	framework := providerserver.NewProtocol6(provider.New("schemafloor")())
	err := tf6server.Serve("registry.terraform.io/cloudflarezt/cloudflarezt", func() tfprotov6.ProviderServer {
		server := framework()
		// Built on first use, as the framework builds its schema.
		stateType := sync.OnceValue(func() tftypes.Type {
			schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
			if err != nil {
				log.Fatal(err)
			}
			return schemas.ResourceSchemas[resourceType].ValueType()
		})
		return &floor{ProviderServer: server, stateType: stateType}
	})
	if err != nil {
		log.Fatal(err)
	}
}
