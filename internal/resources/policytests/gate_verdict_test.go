package policytests_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
	"github.com/xeipuuv/gojsonschema"
)

// The machine verdict of the same plans as the comments: verdict.json
// (gate-verdict.jq), valid against verdict.schema.json, its SARIF
// (gate-sarif.jq), valid against SARIF 2.1.0's schema, and its annotations
// (gate-annotations.jq), each against a golden file.

var (
	verdictRecipe     = filepath.Join(examplesDir, "ci", "gate-verdict.jq")
	sarifRecipe       = filepath.Join(examplesDir, "ci", "gate-sarif.jq")
	annotationsRecipe = filepath.Join(examplesDir, "ci", "gate-annotations.jq")
	verdictSchema     = filepath.Join(examplesDir, "ci", "verdict.schema.json")
)

// runJQ runs a recipe on input with jq's args, test ids masked.
func runJQ(t *testing.T, recipe, input string, args ...string) string {
	t.Helper()
	cmd := exec.Command("jq", append(args, "-f", recipe)...)
	cmd.Stdin = strings.NewReader(input)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("jq -f %s: %v\n%s", filepath.Base(recipe), err, out)
	}
	return regexp.MustCompile(`\b[0-9a-f]{64}\b`).ReplaceAllString(string(out), "<test id>")
}

// verdictExit is each comment case's exit code: 0 where the comment says ✅,
// 1 on an unexpected change or a broken rule, 2 where the gates could not
// decide.
var verdictExit = map[string]int{
	"data_source_failing": 1, "data_source_reviewed": 0, "data_source_deferred": 2, "data_source_refused": 2,
	"data_source_2000": 1, "data_source_rules": 1, "data_source_exceptions": 0,
	"ephemeral_failing": 1, "ephemeral_reviewed": 0, "ephemeral_deferred": 2, "ephemeral_2000": 1,
	"ephemeral_rules": 1, "ephemeral_exceptions": 0,
	"nightly_passing": 0, "nightly_failing": 1,
}

type verdictFile struct {
	ExitCode int `json:"exit_code"`
	Findings []struct {
		Code string `json:"code"`
	} `json:"findings"`
}

// expectVerdict checks the verdict, SARIF and annotations of input against
// the golden files of name (large plans: only their validity and caps),
// and returns the verdict.
func expectVerdict(t *testing.T, name, input string) verdictFile {
	t.Helper()
	verdict := runJQ(t, verdictRecipe, input, "-s", "--arg", "root", "access/")
	result, err := gojsonschema.Validate(gojsonschema.NewReferenceLoader("file://"+mustAbs(t, verdictSchema)), gojsonschema.NewStringLoader(verdict))
	if err != nil {
		t.Fatal(err)
	}
	if !result.Valid() {
		t.Errorf("verdict.json does not follow verdict.schema.json: %v\n%s", result.Errors(), verdict)
	}
	report := runJQ(t, sarifRecipe, verdict, "--arg", "root", "access/")
	result, err = gojsonschema.Validate(gojsonschema.NewStringLoader(sarifSchema(t)), gojsonschema.NewStringLoader(report))
	if err != nil {
		t.Fatal(err)
	}
	if !result.Valid() {
		t.Errorf("the SARIF is not valid SARIF 2.1.0: %v", result.Errors())
	}
	parsed, err := sarif.FromBytes([]byte(report))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(parsed.Runs[0].Results); n > 25_000 {
		t.Errorf("%d SARIF results, want at most 25,000", n)
	}
	annotations := runJQ(t, annotationsRecipe, verdict, "-r")
	for _, line := range strings.Split(strings.TrimSpace(annotations), "\n") {
		if line != "" && !regexp.MustCompile(`^::(error|warning) [^:\n]*::[^\n]+$`).MatchString(line) {
			t.Errorf("not a workflow command: %q", line)
		}
	}
	if !strings.HasSuffix(name, "_2000") {
		dir := filepath.Join("testdata", "verdict")
		goldenAt(t, filepath.Join(dir, name+".json"), verdict)
		goldenAt(t, filepath.Join(dir, name+".sarif"), report)
		goldenAt(t, filepath.Join(dir, name+".annotations"), annotations)
	}
	var v verdictFile
	if err := json.Unmarshal([]byte(verdict), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// sarifSchema is the OASIS SARIF 2.1.0 schema (errata 01) as the module
// github.com/owenrumney/go-sarif/v3 ships it. Its own Validate checks a
// decoded report, whose empty fields come back null: the schema checks the
// bytes the recipe wrote.
var sarifSchema = func() func(t *testing.T) string {
	var once sync.Once
	var text string
	var err error
	return func(t *testing.T) string {
		t.Helper()
		once.Do(func() {
			var dir []byte
			if dir, err = exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/owenrumney/go-sarif/v3").Output(); err != nil {
				return
			}
			var raw []byte
			if raw, err = os.ReadFile(filepath.Join(strings.TrimSpace(string(dir)), "pkg", "report", "v210", "sarif", "schema.go")); err != nil {
				return
			}
			_, rest, _ := strings.Cut(string(raw), "const schema = `")
			text, _, _ = strings.Cut(rest, "`")
			if !strings.Contains(text, `"Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"`) {
				err = fmt.Errorf("no SARIF 2.1.0 schema in go-sarif's schema.go")
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		return text
	}
}()

func mustAbs(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// More results than a SARIF run takes: 24,999 and one that counts the rest.
func TestVerdict_SARIFCap(t *testing.T) {
	people := make([]map[string]string, 30_000)
	for i := range people {
		people[i] = map[string]string{"id": fmt.Sprintf("u%d", i), "email": fmt.Sprintf("p%d@example.com", i)}
	}
	verdict, err := json.Marshal(map[string]any{"version": 1, "outcome": "findings", "exit_code": 1, "gates": 1, "findings": []map[string]any{{
		"code": "newly-blocked-unexpected", "severity": "error", "gate": "data.cloudflarezt_access_policy_change.gate", "application": nil,
		"file": "access/main.tf", "line": 3, "message": "This change would newly block 30000 people.", "people": people, "count": 30_000,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	report := runJQ(t, sarifRecipe, string(verdict))
	var parsed struct {
		Runs []struct {
			Results []struct {
				Message struct{ Text string } `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(report), &parsed); err != nil {
		t.Fatal(err)
	}
	results := parsed.Runs[0].Results
	if len(results) != 25_000 || !strings.HasPrefix(results[24_999].Message.Text, "5001 more results are left out") {
		t.Errorf("%d results, the last %q: want 25,000, the last counting 5,001 left out", len(results), results[len(results)-1].Message.Text)
	}
}
