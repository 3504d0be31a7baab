package acctest

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/provider"
)

// CLI runs the Terraform CLI (TF_ACC_TERRAFORM_PATH) in a working directory
// of its own against the provider served in this process, for what
// terraform-plugin-testing cannot drive: `apply -invoke` and the CLI's own
// output (warnings, action progress).
type CLI struct {
	t         *testing.T
	terraform string
	dir       string
	env       []string
}

// NewCLI writes config to a fresh working directory, serves the provider
// for it and runs `terraform init`. It skips t when TF_ACC is not set.
func NewCLI(t *testing.T, config string) *CLI {
	t.Helper()
	return NewCLIWithModule(t, config, "", "")
}

// NewCLIWithModule is NewCLI with the *.tf files of the directory from
// copied to the relative directory to first, for a configuration that
// calls a local module.
func NewCLIWithModule(t *testing.T, config, from, to string) *CLI {
	t.Helper()
	return newCLI(t, "", config, from, to)
}

// NewCLIAt is NewCLI in the directory dir (made if missing), for a test
// that lays out a repository around the configuration.
func NewCLIAt(t *testing.T, dir, config string) *CLI {
	t.Helper()
	return newCLI(t, dir, config, "", "")
}

func newCLI(t *testing.T, dir, config, from, to string) *CLI {
	t.Helper()
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || terraform == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH (make testacc does)")
	}
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if from != "" {
		copyModule(t, from, filepath.Join(dir, to))
	}
	// An empty CLI configuration: nothing from the machine's, and no
	// warning about a missing one in the output.
	rc := filepath.Join(dir, "cli.tfrc")
	if err := os.WriteFile(rc, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	c := &CLI{t: t, terraform: terraform, dir: dir}
	c.env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+serveProvider(t), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+rc)
	if out, err := c.Run("init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("terraform init: %v\n%s", err, out)
	}
	return c
}

// Run runs one terraform command in the working directory and returns its
// combined output. A command that hangs is stopped after ten minutes.
func (c *CLI) Run(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.terraform, args...)
	cmd.Dir, cmd.Env = c.dir, c.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// ansi matches terminal colour codes, in case a CLI ignores -no-color.
var ansi = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// Plain removes colour codes and folds the CLI's line wrapping into spaces.
func Plain(out string) string {
	out = ansi.ReplaceAllString(out, "")
	return strings.Join(strings.Fields(out), " ")
}

// serveProvider serves the provider in process until t ends and returns
// the TF_REATTACH_PROVIDERS value that points the CLI at it.
func serveProvider(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	go func() {
		_ = tf6server.Serve("registry.terraform.io/hashicorp/cloudflarezt", provider.ProtocolServer("test"),
			tf6server.WithDebug(ctx, reattach, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("the provider did not start serving within 30s")
	}
	t.Cleanup(func() {
		cancel()
		<-closed
	})
	host := "registry.terraform.io"
	if v := os.Getenv("TF_ACC_PROVIDER_HOST"); v != "" {
		host = v
	}
	attach := tfexec.ReattachConfig{
		Protocol: string(cfg.Protocol), ProtocolVersion: cfg.ProtocolVersion, Pid: cfg.Pid, Test: true,
		Addr: tfexec.ReattachConfigAddr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
	}
	// Both addresses: fixtures leave the provider implied (hashicorp/),
	// shipped examples declare the registry's (cloudflarezt/).
	info := map[string]tfexec.ReattachConfig{host + "/hashicorp/cloudflarezt": attach, host + "/cloudflarezt/cloudflarezt": attach}
	raw, err := json.Marshal(info)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// WriteFile adds a file to the working directory after init, such as an
// override file (`*_override.tf`) that changes what a shipped example
// declares; it must need no provider that init did not install.
func (c *CLI) WriteFile(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

// Setenv adds variables (NAME=value) to the environment of every later
// command, such as the credentials a shipped example takes from it.
func (c *CLI) Setenv(kv ...string) { c.env = append(c.env, kv...) }

// Dir is the working directory.
func (c *CLI) Dir() string { return c.dir }

// copyModule copies the *.tf files of from to the directory to.
func copyModule(t *testing.T, from, to string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(from, "*.tf"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no module under %s: %v", from, err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, filepath.Base(f)), raw, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
