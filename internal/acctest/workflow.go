package acctest

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// Workflow runs the shell steps of one job of a GitHub Actions workflow
// as the runner would, with the CLI of c as `terraform` and a `gh` that
// records what it is asked to post, so that a shipped workflow is tested
// as a user copies it. `uses:` steps are skipped: the test lays out the
// checkout and installs nothing.
type Workflow struct {
	File, Job string
	// Root is the repository's checkout; the job's working-directory is
	// relative to it.
	Root string
	// Expressions are the values of the ${{ … }} the workflow uses, but
	// steps.<id>.outputs.<name>, which come from GITHUB_OUTPUT. An
	// expression not listed fails the test.
	Expressions map[string]string
	// Env is added to the job's environment (CLOUDFLARE_BASE_URL for the
	// emulator, say).
	Env []string
	// ExistingComment is the id the fake gh finds for the sticky comment;
	// empty: none yet. ExistingIssue is the number it finds for an open
	// issue of the given title; empty: none.
	ExistingComment string
	ExistingIssue   string
	// Uses stands in for actions: the action (owner/name[/path], without
	// @ref) → a shell script run from the checkout's root with the step's
	// `with:` inputs as INPUT_<NAME>, as an action gets them. Actions not
	// listed are skipped.
	Uses map[string]string
}

// StepRun is what one step did.
type StepRun struct {
	Name   string
	Ran    bool
	Failed bool
	// Exit is the step's exit code.
	Exit   int
	Output string
}

// WorkflowResult is what a job did: its steps in order, what it posted (nil:
// nothing) and what it wrote to the job's summary.
type WorkflowResult struct {
	Steps   []StepRun
	Posted  *Posted
	Summary string
	// Issues are the gh issue commands the job ran, in order.
	Issues []GHCall
}

// GHCall is one gh command: its arguments and the body it posted.
type GHCall struct {
	Args, Body string
}

// Failed reports whether a step failed, which fails the job.
func (r WorkflowResult) Failed() bool {
	for _, s := range r.Steps {
		if s.Failed {
			return true
		}
	}
	return false
}

// Posted is what the fake gh was asked to post: the body, and whether it
// updated a comment (PATCH) rather than adding one.
type Posted struct {
	Body    string
	Updated bool
}

type workflowFile struct {
	Jobs map[string]struct {
		Defaults struct {
			Run struct {
				WorkingDirectory string `yaml:"working-directory"`
			} `yaml:"run"`
		} `yaml:"defaults"`
		Env   map[string]string `yaml:"env"`
		Steps []struct {
			ID string `yaml:"id"`
			// WorkingDirectory, when set, replaces the job's default.
			WorkingDirectory string            `yaml:"working-directory"`
			Name             string            `yaml:"name"`
			If               string            `yaml:"if"`
			Uses             string            `yaml:"uses"`
			Run              string            `yaml:"run"`
			Env              map[string]string `yaml:"env"`
			With             map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

var expression = regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)

// Run runs the job's steps in order.
func (w Workflow) Run(t *testing.T, c *CLI) WorkflowResult {
	t.Helper()
	raw, err := os.ReadFile(w.File)
	if err != nil {
		t.Fatal(err)
	}
	var wf workflowFile
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		t.Fatalf("%s: %v", w.File, err)
	}
	job, ok := wf.Jobs[w.Job]
	if !ok {
		t.Fatalf("%s has no job %q", w.File, w.Job)
	}
	bin := filepath.Join(t.TempDir(), "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(c.terraform, filepath.Join(bin, "terraform")); err != nil {
		t.Fatal(err)
	}
	ghLog := filepath.Join(filepath.Dir(bin), "gh.log")
	fakeGH := `#!/usr/bin/env bash
# records the call; answers the sticky comment's id to the comments'
# listing and the open issue's number to the issues'
log=` + shellQuote(ghLog) + `
case " $* " in
  *" --paginate "*) [ -n "$FAKE_GH_COMMENT" ] && echo "$FAKE_GH_COMMENT"; exit 0 ;;
  " issue list "*) [ -n "$FAKE_GH_ISSUE" ] && echo "$FAKE_GH_ISSUE"; exit 0 ;;
esac
body=""; prev=""
for a in "$@"; do
  case "$prev" in -F) body=${a#body=@} ;; --body-file) body=$a ;; esac
  prev=$a
done
{ echo "call: $*"; echo "body-begin"; [ -n "$body" ] && cat "$body"; echo "body-end"; } >> "$log"
`
	if err := os.WriteFile(filepath.Join(bin, "gh"), []byte(fakeGH), 0o755); err != nil {
		t.Fatal(err)
	}
	output := filepath.Join(filepath.Dir(bin), "github_output")
	summary := filepath.Join(filepath.Dir(bin), "github_step_summary")
	githubEnv := filepath.Join(filepath.Dir(bin), "github_env")
	runnerTemp := filepath.Join(filepath.Dir(bin), "runner_temp")
	if err := os.MkdirAll(runnerTemp, 0o755); err != nil {
		t.Fatal(err)
	}
	// What steps write to GITHUB_ENV, for the later steps.
	var stepEnv []string
	outputs := map[string]map[string]string{}
	resolve := func(s string) string {
		return expression.ReplaceAllStringFunc(s, func(m string) string {
			expr := expression.FindStringSubmatch(m)[1]
			if v, ok := w.Expressions[expr]; ok {
				return v
			}
			if parts := strings.Split(expr, "."); len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs" {
				return outputs[parts[1]][parts[3]]
			}
			t.Fatalf("%s uses ${{ %s }}, which the test does not give", w.File, expr)
			return ""
		})
	}
	dir := filepath.Join(w.Root, job.Defaults.Run.WorkingDirectory)
	var runs []StepRun
	failed := false
	for i, step := range job.Steps {
		run := StepRun{Name: step.Name}
		if run.Name == "" {
			run.Name = fmt.Sprintf("step %d", i+1)
		}
		switch step.If {
		case "", "success()":
			run.Ran = !failed
		case "always()":
			run.Ran = true
		case "failure()":
			run.Ran = failed
		default:
			t.Fatalf("%s: step %q: the test knows no condition %q", w.File, run.Name, step.If)
		}
		action, _, _ := strings.Cut(step.Uses, "@")
		standIn, stoodIn := w.Uses[action]
		if (step.Uses != "" && !stoodIn) || !run.Ran {
			run.Ran = run.Ran && step.Uses == ""
			runs = append(runs, run)
			continue
		}
		for _, f := range []string{output, githubEnv} {
			if err := os.WriteFile(f, nil, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		script := resolve(step.Run)
		if stoodIn {
			script = standIn
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
		cmd.Dir = dir
		switch {
		case stoodIn:
			cmd.Dir = w.Root
		case step.WorkingDirectory != "":
			cmd.Dir = filepath.Join(w.Root, step.WorkingDirectory)
		}
		cmd.Env = append(append([]string{}, c.env...), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
			"GITHUB_OUTPUT="+output, "GITHUB_STEP_SUMMARY="+summary, "GITHUB_REPOSITORY=example/access",
			"FAKE_GH_COMMENT="+w.ExistingComment, "FAKE_GH_ISSUE="+w.ExistingIssue, "CI=true",
			"GITHUB_ENV="+githubEnv, "RUNNER_TEMP="+runnerTemp)
		cmd.Env = append(cmd.Env, w.Env...)
		cmd.Env = append(cmd.Env, stepEnv...)
		for _, env := range []map[string]string{job.Env, step.Env} {
			for k, v := range env {
				cmd.Env = append(cmd.Env, k+"="+resolve(v))
			}
		}
		for k, v := range step.With {
			cmd.Env = append(cmd.Env, "INPUT_"+strings.ToUpper(strings.ReplaceAll(k, " ", "_"))+"="+resolve(v))
		}
		out, err := cmd.CombinedOutput()
		run.Output = string(out)
		if err != nil {
			run.Failed, failed = true, true
			run.Exit = cmd.ProcessState.ExitCode()
		}
		if step.ID != "" {
			outputs[step.ID] = readOutputs(t, output)
		}
		for k, v := range readOutputs(t, githubEnv) {
			stepEnv = append(stepEnv, k+"="+v)
		}
		runs = append(runs, run)
	}
	result := WorkflowResult{Steps: runs}
	for _, call := range readGHCalls(t, ghLog) {
		switch {
		case strings.HasPrefix(call.Args, "issue "):
			result.Issues = append(result.Issues, call)
		case result.Posted != nil:
			t.Fatalf("the workflow posted the comment twice: %+v", call)
		default:
			result.Posted = &Posted{Body: call.Body, Updated: strings.Contains(call.Args, "--method PATCH")}
		}
	}
	if raw, err := os.ReadFile(summary); err == nil {
		result.Summary = string(raw)
	}
	return result
}

// readOutputs reads the key=value lines a step wrote to GITHUB_OUTPUT.
func readOutputs(t *testing.T, file string) map[string]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	out := map[string]string{}
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		if k, v, ok := strings.Cut(scanner.Text(), "="); ok {
			out[k] = v
		}
	}
	return out
}

// readGHCalls reads what the fake gh recorded.
func readGHCalls(t *testing.T, log string) []GHCall {
	t.Helper()
	raw, err := os.ReadFile(log)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var calls []GHCall
	for _, entry := range strings.Split(string(raw), "call: ")[1:] {
		args, rest, _ := strings.Cut(entry, "\nbody-begin\n")
		body, _, _ := strings.Cut(rest, "body-end\n")
		calls = append(calls, GHCall{Args: args, Body: body})
	}
	return calls
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
