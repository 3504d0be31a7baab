package acctest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Feature is a CLI feature some tests need, with the first version of each
// CLI that has it (nil: that CLI does not have it). OpenTofu reports its own
// version as terraform_version, so a version alone does not say which CLI
// has a feature.
type Feature struct {
	Name                string
	Terraform, OpenTofu *version.Version
}

var (
	// Ephemeral is ephemeral resources.
	Ephemeral = Feature{"ephemeral resources", version.Must(version.NewVersion("1.10.0")), version.Must(version.NewVersion("1.11.0"))}
	// Actions is actions.
	Actions = Feature{"actions", version.Must(version.NewVersion("1.15.0")), nil}
	// ActionFailureModes is an action_trigger's on_failure and the
	// before_destroy / after_destroy events.
	ActionFailureModes = Feature{"action_trigger on_failure and destroy events", version.Must(version.NewVersion("1.16.0")), nil}
	// OfflineTests is mocked data sources in `terraform test` (override_during,
	// Terraform 1.11) or `tofu test` (a .tofutest.hcl, OpenTofu 1.8).
	OfflineTests = Feature{"mock providers in terraform test or tofu test", version.Must(version.NewVersion("1.11.0")), version.Must(version.NewVersion("1.8.0"))}
)

// cliInfo is what TF_ACC_TERRAFORM_PATH says of itself.
type cliInfo struct {
	openTofu bool
	version  *version.Version
	err      error
}

var (
	infoOnce sync.Once
	info     cliInfo
)

func currentCLI() cliInfo {
	infoOnce.Do(func() {
		terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
		cmd := exec.Command(terraform, "version", "-json")
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+os.DevNull, "CHECKPOINT_DISABLE=1")
		out, err := cmd.Output()
		if err != nil {
			info.err = fmt.Errorf("%s version: %w", terraform, err)
			return
		}
		var v struct {
			Version string `json:"terraform_version"`
		}
		if err := json.Unmarshal(out, &v); err != nil {
			info.err = fmt.Errorf("%s version -json: %w", terraform, err)
			return
		}
		info.version, info.err = version.NewVersion(v.Version)
		text, err := exec.Command(terraform, "version").Output()
		info.openTofu = err == nil && strings.HasPrefix(string(text), "OpenTofu")
	})
	return info
}

// missing says why the current CLI lacks f, or "" when it has it.
func (f Feature) missing(cli cliInfo) string {
	name, minimum := "Terraform", f.Terraform
	if cli.openTofu {
		name, minimum = "OpenTofu", f.OpenTofu
	}
	if minimum == nil {
		return fmt.Sprintf("%s: %s has none (this CLI is %s %s)", f.Name, name, name, cli.version)
	}
	if cli.version.LessThan(minimum) {
		return fmt.Sprintf("%s need %s %s or later; this CLI is %s %s", f.Name, name, minimum, name, cli.version)
	}
	return ""
}

// Skip skips t, saying why, unless TF_ACC_TERRAFORM_PATH has f: for
// features that other CLIs cannot even parse.
func (f Feature) Skip(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" || os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Skip("acceptance test: set TF_ACC=1 and TF_ACC_TERRAFORM_PATH (make testacc does)")
	}
	cli := currentCLI()
	if cli.err != nil {
		t.Fatal(cli.err)
	}
	if why := f.missing(cli); why != "" {
		t.Skip(why)
	}
}

// Check is Skip for a terraform-plugin-testing test case.
func (f Feature) Check() tfversion.TerraformVersionCheck { return featureCheck{f} }

type featureCheck struct{ f Feature }

func (c featureCheck) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	cli := currentCLI()
	if cli.err != nil {
		resp.Error = cli.err
		return
	}
	resp.Skip = c.f.missing(cli)
}
