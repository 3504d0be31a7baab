package acctest

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/provider"
)

// Stoppable serves the provider like ProviderFactories and can stop it the
// way Terraform does on Ctrl-C (StopProvider cancels in-flight requests).
type Stoppable struct {
	mu      sync.Mutex
	servers []tfprotov6.ProviderServer
}

// Factories serve the provider and remember each server for Stop.
func (s *Stoppable) Factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"cloudflarezt": func() (tfprotov6.ProviderServer, error) {
			server := provider.ProtocolServer("test")()
			s.mu.Lock()
			s.servers = append(s.servers, server)
			s.mu.Unlock()
			return server, nil
		},
	}
}

// Stop sends StopProvider to every server served so far.
func (s *Stoppable) Stop(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, server := range s.servers {
		_, _ = server.StopProvider(ctx, &tfprotov6.StopProviderRequest{})
	}
}
