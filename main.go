package main

import (
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/provider"
)

// version is set by the release build through -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	quietLogsUnlessAsked()
	collectLessAtStart()
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve(provider.Address, provider.ProtocolServer(version), opts...)
	if err != nil {
		log.Fatal(err)
	}
}

// quietLogsUnlessAsked turns the provider's logs off when no TF_LOG*
// variable is set. Providers log at TRACE by default and Terraform then
// discards every line, but writing and parsing those lines cost about as much
// CPU as the plan itself. Any TF_LOG* variable (Terraform passes its
// environment on) leaves logging exactly as the user asked.
func quietLogsUnlessAsked() {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") {
			return
		}
	}
	for _, name := range []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		_ = os.Setenv(name, "OFF")
	}
}
