package policytests_test

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// The pull-request comment as GitHub renders it: the recipe's Markdown
// through a GitHub-Flavored-Markdown engine (goldmark with its GFM
// extensions), then checks on the HTML, for both gates and 1, 4 and 110
// gates, on a directory of people whose names and emails try everything
// GitHub would turn into markup or a link.

// referenceBait is what a name tries on GitHub after rendering: issue and
// pull-request references, GH- ids, a commit, an emoji, a mention, controls
// and bidirectional overrides, and the Markdown and HTML the escaping
// already covered.
const referenceBait = "fixes #1 and octo-org/octo-repo#2, GH-3, deadbeefcafe1234 user@0123456789abcdef :smile: @security-team " +
	"first\u0085line\u2028second\u202eevil\u2066iso\u2069 ~~strike~~ - [ ] task <b>x</b> [l](https://evil.example) ![i](x) *em* `c` | cell "

// renderDirectory is the sample directory and 50 people without MFA whose
// names are the bait padded to 5,000 characters and whose emails are
// reference-like: the "mfa" candidate locks all of them out.
func renderDirectory() *emulator.Directory {
	d := emulator.SampleDirectory()
	for i := range 50 {
		name := referenceBait + strings.Repeat("#9 ", 5_000)
		d.Users = append(d.Users, emulator.User{
			ID:               fmt.Sprintf("d0000000-0000-4000-8000-%012d", i),
			Email:            fmt.Sprintf("gh-%d.deadbeef%04d:x:@example.com", i, i),
			Name:             name[:5_000],
			IdentityProvider: "b2f4e6a8-1c3d-4e5f-8a9b-0c1d2e3f4a5b",
			Country:          "FR",
			AuthMethods:      []string{"pwd"},
		})
	}
	return d
}

// newlyBlocked is what the "mfa" candidate changes on d, from the
// directory itself: every employee Access evaluates who signs in without
// MFA (the embargo comes after the Employees policy today, so nobody else).
func newlyBlocked(d *emulator.Directory) int {
	n := 0
	for _, u := range d.Users {
		if strings.HasSuffix(u.Email, "@example.com") && !u.Unevaluable && !slices.Contains(u.AuthMethods, "mfa") {
			n++
		}
	}
	return n
}

// elements the recipe writes; anything else came from a value.
var recipeElements = []string{"html", "head", "body", "h3", "h4", "p", "code", "strong", "table", "thead", "tbody", "tr", "th", "td", "ul", "li"}

// references GitHub would link or turn into something else in a text node.
var references = map[string]*regexp.Regexp{
	"issue reference": regexp.MustCompile(`#\d`),
	"GH- reference":   regexp.MustCompile(`(?i)\bgh-\d`),
	"repo reference":  regexp.MustCompile(`[\w.-]+/[\w.-]+#\d`),
	"commit":          regexp.MustCompile(`[0-9a-fA-F]{7,}`),
	"emoji shortcode": regexp.MustCompile(`:[a-z0-9_+-]+:`),
	"mention":         regexp.MustCompile(`@\w`),
	"control":         regexp.MustCompile(`[\x00-\x08\x0b-\x1f\x7f-\x{9f}\x{2028}\x{2029}]`),
	"bidi control":    regexp.MustCompile(`[\x{202a}-\x{202e}\x{2066}-\x{2069}\x{200e}\x{200f}\x{61c}]`),
}

var (
	countLine   = regexp.MustCompile(`^Newly (blocked|approved): ([\d,]+)(?:, ([\d,]+) unexpected)?$`)
	compactLine = regexp.MustCompile(`: [❌✅] newly blocked ([\d,]+)(?: \(([\d,]+) unexpected\))?, newly approved ([\d,]+)`)
	moreRow     = regexp.MustCompile(`^… and ([\d,]+) more$`)
)

func number(s string) int {
	n, _ := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	return n
}

func TestAccGateComment_RenderedByGFM(t *testing.T) {
	dir := renderDirectory()
	blocked := newlyBlocked(dir)
	for _, g := range gates {
		for _, n := range []int{1, 4, 110} {
			t.Run(fmt.Sprintf("%s/%d gates", g.name, n), func(t *testing.T) {
				t.Parallel()
				if g.ephemeral {
					acctest.Ephemeral.Skip(t)
				}
				fixture := "comment_render_data_source.tf"
				if g.ephemeral {
					fixture = "comment_render_ephemeral.tf"
				}
				env := acctest.New(t, emulator.Options{Directory: dir})
				cli := acctest.NewCLI(t, env.Config(t, "comment_render.tf", fixture))
				vars := []string{"-var", "account_id=" + acctest.AccountID, "-var", fmt.Sprintf("gates=%d", n)}
				out, _ := cli.Run(append([]string{"plan", "-json", "-input=false", "-out=tfplan"}, vars...)...)
				input := out
				if !g.ephemeral {
					shown, err := cli.Run("show", "-json", "tfplan")
					if err != nil {
						t.Fatalf("show: %v\n%s", err, shown)
					}
					input = shown + "\n" + out
				}
				// The ephemeral gates' sections are their errors in the log:
				// Terraform from 1.15 reports identical errors of several
				// instances (the same people, the same shared tests) once.
				sections := n
				if g.ephemeral {
					sections = strings.Count(out, `"summary":"Unexpected Change of Access"`)
				}
				checkRendered(t, comment(t, input), sections, blocked, 200)
				// rows caps the people in the whole comment, whatever the
				// number of gates.
				checkRendered(t, comment(t, input, "--arg", "rows", fmt.Sprint(n)), sections, blocked, n)
			})
		}
	}
}

// checkRendered renders md as GitHub does and checks it: its length, the
// elements, the text, the tables and every gate's counts.
func checkRendered(t *testing.T, md string, gates, blocked, rows int) {
	t.Helper()
	if n := utf8.RuneCountInString(md); n > 65_536 {
		t.Errorf("the comment has %d characters, more than GitHub's 65,536", n)
	}
	var buf bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert([]byte(md), &buf); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var sections, compact, listed int
	var walk func(n *html.Node, inCode bool)
	walk = func(n *html.Node, inCode bool) {
		switch n.Type {
		case html.ElementNode:
			if !slices.Contains(recipeElements, n.Data) {
				t.Errorf("a <%s> element, which no value may produce", n.Data)
			}
			inCode = inCode || n.Data == "code"
			switch n.Data {
			case "h4":
				sections++
			case "table":
				listed += checkTable(t, n)
			case "li":
				if m := compactLine.FindStringSubmatch(text(n)); m != nil {
					compact++
					expectCounts(t, "a gate's line", number(m[1]), number(m[2]), number(m[3]), blocked)
				}
			case "p":
				if m := countLine.FindStringSubmatch(text(n)); m != nil && m[1] == "blocked" {
					expectCounts(t, "a gate's table", number(m[2]), number(m[3]), 0, blocked)
				} else if m != nil && number(m[2]) != 0 {
					t.Errorf("newly approved %s, want 0", m[2])
				}
			}
		case html.TextNode:
			if inCode {
				break
			}
			for what, re := range references {
				if loc := re.FindStringIndex(n.Data); loc != nil {
					t.Errorf("a %s in a text node: %q", what, n.Data[max(0, loc[0]-20):min(len(n.Data), loc[1]+20)])
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inCode)
		}
	}
	walk(doc, false)
	if sections+compact != gates {
		t.Errorf("%d gate sections and %d gate lines, want %d gates", sections, compact, gates)
	}
	if listed > rows {
		t.Errorf("%d people listed, more than the %d rows the comment may hold", listed, rows)
	}
	if listed == 0 {
		t.Error("nobody listed")
	}
}

// checkTable checks one table's rows (three cells each, the header's too)
// and returns how many people it lists.
func checkTable(t *testing.T, table *html.Node) int {
	t.Helper()
	people := 0
	var rows func(n *html.Node)
	rows = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" {
			var cells []string
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					cells = append(cells, text(c))
				}
			}
			if len(cells) != 3 {
				t.Errorf("a row of %d cells: %q", len(cells), cells)
			}
			if len(cells) == 3 && cells[1] != "email" && !moreRow.MatchString(cells[1]) {
				people++
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rows(c)
		}
	}
	rows(table)
	return people
}

func expectCounts(t *testing.T, where string, total, unexpected, approved, blocked int) {
	t.Helper()
	// erin is expected; everyone else the candidate locks out is not.
	if total != blocked || unexpected != blocked-1 || approved != 0 {
		t.Errorf("%s says %d newly blocked (%d unexpected), %d newly approved; the gate found %d (%d unexpected), 0", where, total, unexpected, approved, blocked, blocked-1)
	}
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}
